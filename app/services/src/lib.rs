//! The data layer, server only: state, database access per aggregate, auth and sessions,
//! files, mail outbox, audit trail and demo data. No views and no Leptos: the server
//! functions in the `app` crate find the caller and call in here; tests and benchmarks call
//! in directly.

pub mod api_keys;
pub mod approval_queue;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod camt;
pub mod clock;
pub mod colleagues;
pub mod credit;
pub mod csv;
pub mod db;
pub mod demo;
pub mod duo;
pub mod einvoice;
pub mod error;
pub mod holds;
pub mod imports;
pub mod ledger;
pub mod mail;
pub mod offer_image;
pub mod offer_requests;
pub mod offers;
pub mod orgs;
pub mod pain001;
pub mod passes;
pub mod payouts;
pub mod pdf;
pub mod people;
pub mod privacy;
pub mod providers;
pub mod qr;
pub mod registry;
pub mod reports;
pub mod roster;
pub mod school;
pub mod staff;
pub mod state;
pub mod tabular;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod throttle;
pub mod tokens;
pub mod weborders;
pub mod xlsx;

pub use clock::{Clock, ManualClock, SystemClock};
pub use db::{Backend, Db};
pub use state::{AppState, SellerDetails, Settings};

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// The modules of this folder and, for each, the other modules of it that its code names
    /// (`super::x`, `crate::x`, `use super::{x, y::z}`), test modules left out.
    fn module_imports() -> BTreeMap<String, BTreeSet<String>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut sources = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            if path.extension().is_some_and(|e| e == "rs") && name != "lib" {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default().to_owned();
                sources.insert(name, code);
            }
        }
        let modules: BTreeSet<String> = sources.keys().cloned().collect();
        sources.iter().map(|(name, code)| (name.clone(), named_modules(code, &modules, name))).collect()
    }

    /// The names of `modules` (other than `own`) that `code` reaches through `super::` or
    /// `crate::`, single or in a `{…}` group.
    fn named_modules(code: &str, modules: &BTreeSet<String>, own: &str) -> BTreeSet<String> {
        let ident = |s: &str| s.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
        let mut found = BTreeSet::new();
        for prefix in ["super::", "crate::"] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let names: Vec<String> = match rest.strip_prefix('{') {
                    Some(group) => {
                        let (mut depth, mut end) = (0usize, group.len());
                        for (i, c) in group.char_indices() {
                            match c {
                                '{' => depth += 1,
                                '}' if depth == 0 => {
                                    end = i;
                                    break;
                                }
                                '}' => depth -= 1,
                                _ => {}
                            }
                        }
                        let mut items = Vec::new();
                        let (mut depth, mut start) = (0usize, 0usize);
                        let inner = &group[..end];
                        for (i, c) in inner.char_indices() {
                            match c {
                                '{' => depth += 1,
                                '}' => depth -= 1,
                                ',' if depth == 0 => {
                                    items.push(ident(&inner[start..i]));
                                    start = i + 1;
                                }
                                _ => {}
                            }
                        }
                        items.push(ident(&inner[start..]));
                        items
                    }
                    None => vec![ident(rest)],
                };
                found.extend(names.into_iter().filter(|n| n != own && modules.contains(n)));
            }
        }
        found
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
    #[test]
    fn the_data_layer_modules_import_each_other_without_a_cycle() {
        let graph = module_imports();
        assert!(graph.len() > 40 && graph["weborders"].contains("budget") && graph["auth"].contains("tokens"), "{graph:?}");
        assert_eq!(a_cycle(&graph), None, "a cycle of imports between the data layer's modules");
    }

    /// The check above finds a cycle when there is one, through a `{…}` group too.
    #[test]
    fn a_cycle_of_imports_is_found() {
        let modules: BTreeSet<String> = ["auth", "mail", "state"].map(str::to_owned).into();
        let graph: BTreeMap<String, BTreeSet<String>> = [
            ("auth", "use super::{mail::enqueue, db};"),
            ("mail", "fn f() { crate::state::now() }"),
            ("state", "use super::auth;"),
        ]
        .into_iter()
        .map(|(name, code)| (name.to_owned(), named_modules(code, &modules, name)))
        .collect();
        assert_eq!(a_cycle(&graph), Some(["auth", "mail", "state", "auth"].map(str::to_owned).to_vec()));
        let mut broken = graph.clone();
        broken.insert("state".to_owned(), BTreeSet::new());
        assert_eq!(a_cycle(&broken), None);
    }
}
