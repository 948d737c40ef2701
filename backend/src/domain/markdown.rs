//! Markdown to HTML that is safe to insert into a page: raw HTML in the source is shown as text,
//! and links may only point to http(s) and mailto addresses. No script survives. Images only
//! from this site: an image on another host would tell its author when, and from where, each
//! reader opened the text (a private thread's other side), so it is shown as its alt text.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

pub fn render_safe(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Inside an external image: its alt text is kept as text, the image itself dropped.
    let mut dropped_images = 0usize;
    let events = Parser::new_ext(markdown, options).filter_map(move |event| match event {
        Event::Start(Tag::Image { ref dest_url, .. }) if is_external(dest_url) => {
            dropped_images += 1;
            None
        }
        Event::End(TagEnd::Image) if dropped_images > 0 => {
            dropped_images -= 1;
            None
        }
        other => Some(other),
    });
    let events = events.map(|event| match event {
        // Raw HTML becomes visible text: `<script>` shows up as the characters, not a tag.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: absolute(safe_url(dest_url)),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// True for an address on another host: one with a scheme, or scheme-relative (`//host`, which
/// browsers also accept written with backslashes).
fn is_external(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let starts = compact.get(..2).unwrap_or_default();
    matches!(starts, "//" | "\\\\" | "/\\" | "\\/") || has_scheme(&compact.to_lowercase())
}

/// `//host/path` as the absolute `https://host/path` it means.
fn absolute(url: CowStr<'_>) -> CowStr<'_> {
    let trimmed = url.trim_start();
    if matches!(trimmed.get(..2), Some("//" | "\\\\" | "/\\" | "\\/")) {
        CowStr::Boxed(format!("https://{}", trimmed[2..].trim_start_matches(['/', '\\'])).into())
    } else {
        url
    }
}

fn has_scheme(lowered: &str) -> bool {
    let scheme_end = lowered.find(':');
    let path_start = lowered.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Keeps http(s), mailto and relative same-site links; anything else (javascript:, data:,
/// vbscript:, obfuscated forms of them) becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lowered: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    let scheme_end = lowered.find(':');
    let path_start = lowered.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_start) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    };
    let allowed = !has_scheme
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| lowered.starts_with(s));
    if allowed {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_ordinary_markdown() {
        let html = render_safe(
            "# Cleaning\n\nWe need **20** places.\n\n- one\n- two\n\n[site](https://goteborg.se)",
        );
        assert!(
            html.contains("<h1>Cleaning</h1>")
                && html.contains("<strong>20</strong>")
                && html.contains("<li>one</li>")
        );
        assert!(html.contains(r#"<a href="https://goteborg.se">site</a>"#));
    }

    #[test]
    fn no_script_survives() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "![x](javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "text <iframe src=//evil></iframe>",
            "[x](vbscript:msgbox(1))",
        ];
        for attack in attacks {
            let html = render_safe(attack).to_lowercase();
            assert!(
                !html.contains("<script")
                    && !html.contains("<img src=x")
                    && !html.contains("<iframe"),
                "{attack}: {html}"
            );
            // Escaped source text may mention these words; a live tag or attribute may not.
            assert!(
                !html.contains("<a href=\"javascript") && !html.contains("src=\"javascript"),
                "{attack}: {html}"
            );
            assert!(
                !html.contains("href=\"data:") && !html.contains("href=\"vbscript"),
                "{attack}: {html}"
            );
        }
    }

    #[test]
    fn external_images_are_dropped_and_scheme_relative_is_absolute() {
        for source in [
            "![pixel](https://tracker.example/p.png?reader=1)",
            "![pixel](//tracker.example/p.png)",
            "![pixel](/\\tracker.example/p.png)",
            "![pixel]( HTTP://tracker.example/p.png)",
        ] {
            let html = render_safe(source);
            assert!(
                !html.contains("<img") && !html.contains("tracker"),
                "{source}: {html}"
            );
            assert!(html.contains("pixel"), "the alt text stays: {html}");
        }
        assert!(render_safe("![plan](/files/plan.png)").contains(r#"<img src="/files/plan.png""#));
        assert!(render_safe("[site](//goteborg.se/x)").contains(r#"href="https://goteborg.se/x""#));
    }

    #[test]
    fn relative_and_mail_links_stay() {
        assert!(render_safe("[faq](/help#needs)").contains(r#"href="/help#needs""#));
        assert!(render_safe("[mail](mailto:upphandling@goteborg.se)")
            .contains("mailto:upphandling@goteborg.se"));
    }
}
