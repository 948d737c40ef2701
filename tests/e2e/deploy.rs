//! The deployment files parse and configure only what the application actually reads. (No
//! Docker engine runs here, so the images themselves are not built in CI.)

use clap::CommandFactory;
use samspill::config::Cli;
use std::collections::BTreeSet;
use yaml_rust2::{Yaml, YamlLoader};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../deploy/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Every environment variable the command line reads, from clap's own definition.
fn variables_the_app_reads() -> BTreeSet<String> {
    fn collect(command: &clap::Command, into: &mut BTreeSet<String>) {
        for arg in command.get_arguments() {
            if let Some(env) = arg.get_env() {
                into.insert(env.to_string_lossy().into_owned());
            }
        }
        for sub in command.get_subcommands() {
            collect(sub, into);
        }
    }
    let mut names = BTreeSet::new();
    collect(&Cli::command(), &mut names);
    names
}

#[test]
fn compose_sets_only_variables_the_app_reads() {
    let documents =
        YamlLoader::load_from_str(&read("docker-compose.yml")).expect("docker-compose.yml parses");
    let services = &documents[0]["services"];
    assert!(
        !services["postgres"].is_badvalue(),
        "compose runs PostgreSQL"
    );
    let Yaml::Hash(environment) = &services["app"]["environment"] else {
        panic!("the app service sets its environment as a map");
    };
    let known = variables_the_app_reads();
    assert!(
        known.contains("SAMSPILL_DATABASE_URL") && known.contains("SAMSPILL_BIND"),
        "{known:?}"
    );
    let set: Vec<String> = environment
        .keys()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect();
    assert!(
        set.iter().any(|name| name == "SAMSPILL_DATABASE_URL"),
        "compose points the app at PostgreSQL"
    );
    for name in &set {
        assert!(
            known.contains(name),
            "compose sets {name}, which samspill does not read (it reads {known:?})"
        );
    }
    let Yaml::String(url) = &environment[&Yaml::String("SAMSPILL_DATABASE_URL".into())] else {
        panic!()
    };
    assert!(url.starts_with("postgres://"));
}

#[test]
fn dockerfile_is_multi_stage_and_unprivileged() {
    let dockerfile = read("Dockerfile");
    let stages = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .count();
    assert!(stages >= 2, "a build stage and a small runtime stage");
    let user = dockerfile
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("USER "))
        .expect("the image sets a USER");
    assert!(
        !["root", "0"].contains(&user.trim()),
        "the runtime user is not root"
    );
    let known = variables_the_app_reads();
    for name in dockerfile
        .split_whitespace()
        .filter_map(|w| w.split('=').next())
        .filter(|w| w.starts_with("SAMSPILL_"))
    {
        assert!(
            known.contains(name),
            "the Dockerfile sets {name}, which samspill does not read"
        );
    }
}
