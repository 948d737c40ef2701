//! Markdown to HTML that is safe to insert into a page: raw HTML in the source is shown as text,
//! and links and images may only point to http(s) and mailto addresses. No script survives.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

pub fn render_safe(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML becomes visible text: `<script>` shows up as the characters, not a tag.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
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
    fn relative_and_mail_links_stay() {
        assert!(render_safe("[faq](/help#needs)").contains(r#"href="/help#needs""#));
        assert!(render_safe("[mail](mailto:upphandling@goteborg.se)")
            .contains("mailto:upphandling@goteborg.se"));
    }
}
