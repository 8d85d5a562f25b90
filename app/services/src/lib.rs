//! The data layer, server only: state, database access per aggregate, auth and sessions,
//! files, mail outbox, audit trail and demo data. No views and no Leptos: the server
//! functions in the `app` crate find the caller and call in here; tests and benchmarks call
//! in directly.
//!
//! One folder per feature, each opening with what it holds: `platform` (what every feature
//! stands on), `files`, `accounts`, `budget`, `market`, `passes`, `registry`; `demo` fills
//! them all. A module uses the folders below it and never one that uses it (a test below
//! reads the imports and fails on a cycle, between modules and between folders).

pub mod accounts;
pub mod budget;
pub mod demo;
pub mod files;
pub mod market;
pub mod passes;
pub mod platform;
pub mod registry;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use platform::clock::{Clock, ManualClock, SystemClock};
pub use platform::db::{Backend, Db};
pub use platform::state::{AppState, SellerDetails, Settings};

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Every module of this crate by its path (`budget`, `budget::ledger`) with its code, test
    /// modules left out.
    fn sources() -> BTreeMap<String, String> {
        fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
            let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            for path in entries.filter_map(Result::ok).map(|e| e.path()) {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
                if path.is_dir() {
                    walk(&path, &format!("{prefix}{stem}::"), out);
                } else if path.extension().is_some_and(|e| e == "rs") && !(prefix.is_empty() && stem == "lib") {
                    let name = if stem == "mod" { prefix.trim_end_matches("::").to_owned() } else { format!("{prefix}{stem}") };
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    out.insert(name, text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default().to_owned());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut out);
        out
    }

    /// The modules of this crate and, for each, the other modules its code names.
    fn module_imports() -> BTreeMap<String, BTreeSet<String>> {
        let sources = sources();
        let modules: BTreeSet<String> = sources.keys().cloned().collect();
        sources.iter().map(|(name, code)| (name.clone(), named_modules(code, &modules, name))).collect()
    }

    /// The paths a use tree names, from just after its `crate::` (or `super::`, `self::`):
    /// `a::b`, or `{a, b::{c, d}}` as `a`, `b::c`, `b::d`.
    fn use_paths(rest: &str) -> Vec<Vec<String>> {
        let mut segments = Vec::new();
        let mut rest = rest.trim_start();
        loop {
            if let Some(group) = rest.strip_prefix('{') {
                let mut paths = Vec::new();
                let (mut depth, mut start) = (0usize, 0usize);
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            paths.extend(use_paths(&group[start..i]));
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            paths.extend(use_paths(&group[start..i]));
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                return paths.into_iter().map(|p| [segments.clone(), p].concat()).collect();
            }
            let ident: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if ident.is_empty() {
                break;
            }
            rest = &rest[ident.len()..];
            segments.push(ident);
            match rest.strip_prefix("::") {
                Some(more) => rest = more,
                None => break,
            }
        }
        vec![segments]
    }

    /// The `modules` (other than `own`) that `code` reaches through `crate::`, `super::` or
    /// `self::`, single or in `{…}` groups: for each path, the longest start of it that is a
    /// module.
    fn named_modules(code: &str, modules: &BTreeSet<String>, own: &str) -> BTreeSet<String> {
        let own_segments: Vec<&str> = own.split("::").collect();
        let parent = &own_segments[..own_segments.len() - 1];
        let mut found = BTreeSet::new();
        for (prefix, base) in [("crate::", &[][..]), ("super::", parent), ("self::", &own_segments[..])] {
            for (at, _) in code.match_indices(prefix) {
                if code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                for path in use_paths(&code[at + prefix.len()..]) {
                    let full: Vec<String> = base.iter().map(|s| (*s).to_owned()).chain(path).collect();
                    let module = (1..=full.len()).rev().map(|n| full[..n].join("::")).find(|m| modules.contains(m));
                    found.extend(module.filter(|m| m != own));
                }
            }
        }
        found
    }

    /// The same graph between folders: `market::weborders` naming `budget::ledger` is
    /// `market` naming `budget`.
    fn folder_imports(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
        let folder = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
        let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, names) in graph {
            let entry = folders.entry(folder(module)).or_default();
            entry.extend(names.iter().map(|n| folder(n)).filter(|f| *f != folder(module)));
        }
        folders
    }

    /// A cycle in `graph` (as the list of its modules, the first repeated at the end), if any.
    fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
        fn visit(
            node: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(at) = path.iter().position(|p| p == node) {
                let mut cycle = path[at..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            if done.contains(node) {
                return None;
            }
            path.push(node.to_owned());
            for next in graph.get(node).into_iter().flatten() {
                if let Some(cycle) = visit(next, graph, path, done) {
                    return Some(cycle);
                }
            }
            path.pop();
            done.insert(node.to_owned());
            None
        }
        let mut done = BTreeSet::new();
        graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
    }

    /// The data layer's modules depend on each other in one direction only: helpers that
    /// many need (error mapping, row decoding, tokens, throttling, QR codes, the approval
    /// queue) sit in leaf modules, so a feature's module never needs one that needs it.
    /// The string literals of `code` (between unescaped double quotes on one line; escapes
    /// such as `\u{feff}` dropped).
    fn string_literals(code: &str) -> Vec<String> {
        let mut out = Vec::new();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            // A quote as a character ('"' or '\"') opens no string.
            let line = line.replace(r#"'"'"#, "' '").replace(r#"'\"'"#, "' '");
            let mut inside = None::<String>;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '/' && inside.is_none() && chars.peek() == Some(&'/') {
                    break; // a comment to the end of the line
                }
                match (c, inside.as_mut()) {
                    ('\\', Some(_)) => {
                        chars.next();
                    }
                    ('"', Some(_)) => out.extend(inside.take()),
                    ('"', None) => inside = Some(String::new()),
                    (c, Some(text)) => text.push(c),
                    _ => {}
                }
            }
        }
        out
    }

    /// Mails, documents and messages speak to people as the pages do: "je", never "u".
    #[test]
    fn texts_for_people_say_je_not_u() {
        let formal = |text: &str| {
            text.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w.to_lowercase().as_str(), "u" | "uw" | "uwe" | "uzelf"))
        };
        let mut found = Vec::new();
        for (module, code) in sources() {
            // A text for people is words with spaces between them (not a single letter a
            // transliteration table maps to).
            for text in string_literals(&code).into_iter().filter(|t| t.trim().contains(' ')) {
                if formal(&text) {
                    found.push(format!("{module}: {text}"));
                }
            }
        }
        assert!(found.is_empty(), "texts that say \"u\":\n{}", found.join("\n"));
        assert_eq!(string_literals(r#"mail("Weet u het zeker?", "a\"b") // "uw""#), ["Weet u het zeker?", "ab"]);
    }

    #[test]
    fn the_data_layer_modules_import_each_other_without_a_cycle() {
        let graph = module_imports();
        assert!(
            graph.len() > 40
                && graph["market::weborders"].contains("budget::ledger")
                && graph["accounts::auth"].contains("platform::tokens"),
            "{graph:?}"
        );
        assert_eq!(a_cycle(&graph), None, "a cycle of imports between the data layer's modules");
    }

    /// The folders too: `platform` uses no feature folder, and no two folders use each other,
    /// directly or through others.
    #[test]
    fn the_data_layer_folders_import_each_other_without_a_cycle() {
        let folders = folder_imports(&module_imports());
        assert!(folders["market"].contains("budget"), "{folders:?}");
        assert_eq!(folders["platform"], BTreeSet::new(), "platform is a leaf");
        assert_eq!(a_cycle(&folders), None, "a cycle of imports between the data layer's folders: {folders:?}");
    }

    /// The public async functions of the data layer (the demo data and test support aside)
    /// each open a span named after themselves and holding none of their arguments, so a log
    /// line says which steps it happened in and nothing a person typed.
    #[test]
    fn every_data_layer_function_opens_a_span_without_its_arguments() {
        let mut missing = Vec::new();
        for (name, code) in sources().iter().filter(|(name, _)| !matches!(name.as_str(), "demo" | "testing")) {
            let lines: Vec<&str> = code.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if let Some(rest) = line.trim_start().strip_prefix("pub async fn ") {
                    if i == 0 || lines[i - 1].trim() != "#[tracing::instrument(skip_all)]" {
                        missing.push(format!("{name}::{}", rest.split('(').next().unwrap_or_default()));
                    }
                }
            }
        }
        assert_eq!(missing, Vec::<String>::new(), "public async functions without #[tracing::instrument(skip_all)]");
    }

    /// The check above finds a cycle when there is one, through `super::` and `{…}` groups too.
    #[test]
    fn a_cycle_of_imports_is_found() {
        let modules: BTreeSet<String> =
            ["accounts", "accounts::auth", "platform", "platform::mail", "platform::state"].map(str::to_owned).into();
        let graph: BTreeMap<String, BTreeSet<String>> = [
            ("accounts::auth", "use crate::platform::{mail::enqueue, db};"),
            ("platform::mail", "fn f() { super::state::now() }"),
            ("platform::state", "use crate::{accounts::auth::Session, platform};"),
        ]
        .into_iter()
        .map(|(name, code)| (name.to_owned(), named_modules(code, &modules, name)))
        .collect();
        assert_eq!(graph["platform::state"], ["accounts::auth", "platform"].map(str::to_owned).into());
        assert_eq!(
            a_cycle(&graph),
            Some(["accounts::auth", "platform::mail", "platform::state", "accounts::auth"].map(str::to_owned).to_vec())
        );
        assert!(a_cycle(&folder_imports(&graph)).is_some());
        let mut broken = graph.clone();
        broken.insert("platform::state".to_owned(), BTreeSet::new());
        assert_eq!(a_cycle(&broken), None);
        assert_eq!(a_cycle(&folder_imports(&broken)), None);
    }
}
