//! Message catalogues and the current language. Finnish is the default; every string a
//! person sees comes from `fi.txt`, `sv.txt` or `en.txt` (one `key = text` a line).

use std::collections::HashMap;
use std::sync::OnceLock;

use arkki_api::account::Locale;
use leptos::prelude::*;

const FI: &str = include_str!("fi.txt");
const SV: &str = include_str!("sv.txt");
const EN: &str = include_str!("en.txt");

/// Where the choice of language is kept between visits, before anyone signs in.
const STORAGE_KEY: &str = "arkki.locale";

pub type Catalogue = HashMap<&'static str, &'static str>;

/// Parses `key = text` lines; blank lines and `#` comments are skipped.
pub fn parse(source: &'static str) -> Catalogue {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

pub fn catalogue(locale: Locale) -> &'static Catalogue {
    static CATALOGUES: OnceLock<[Catalogue; 3]> = OnceLock::new();
    let all = CATALOGUES.get_or_init(|| [parse(FI), parse(SV), parse(EN)]);
    match locale {
        Locale::Fi => &all[0],
        Locale::Sv => &all[1],
        Locale::En => &all[2],
    }
}

/// The text for `key`, falling back to Finnish; a missing key shows as itself (and the
/// catalogue test fails long before anyone sees it).
pub fn lookup(locale: Locale, key: &str) -> &'static str {
    catalogue(locale)
        .get(key)
        .or_else(|| catalogue(Locale::Fi).get(key))
        .copied()
        .unwrap_or("")
}

/// Replaces `{name}` placeholders.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The current language, shared by the whole app.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// Reactive: re-runs in a view when the language changes.
    pub fn t(&self, key: &str) -> String {
        let text = lookup(self.locale.get(), key);
        if text.is_empty() {
            key.to_owned()
        } else {
            text.to_owned()
        }
    }

    /// A text for a view that follows the language switch. Every call returns the same
    /// closure type, so the view code for it is compiled once rather than per text.
    pub fn text(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.t(key), args)
    }

    /// Switches language and remembers it on this device.
    pub fn set(&self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.code());
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_locale() -> Option<Locale> {
    let code = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    Locale::from_code(&code)
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(stored_locale().unwrap_or_default()),
    };
    // Screen readers pick their voice from <html lang>.
    Effect::new(move |_| {
        let code = i18n.locale.get().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_and_no_empty_text() {
        let fi = parse(FI);
        assert!(fi.len() > 50);
        for (name, source) in [("sv", SV), ("en", EN)] {
            let other = parse(source);
            let mut missing: Vec<_> = fi.keys().filter(|k| !other.contains_key(*k)).collect();
            let mut extra: Vec<_> = other.keys().filter(|k| !fi.contains_key(*k)).collect();
            missing.sort();
            extra.sort();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
            assert!(extra.is_empty(), "{name} has keys Finnish lacks: {extra:?}");
        }
        for source in [FI, SV, EN] {
            for (k, v) in parse(source) {
                assert!(!v.is_empty(), "{k} is empty");
            }
        }
    }

    #[test]
    fn every_key_used_in_the_app_exists() {
        let fi = parse(FI);
        for key in crate::i18n::keys_used::all() {
            assert!(fi.contains_key(key.as_str()), "no text for {key}");
        }
    }

    #[test]
    fn every_error_code_password_rule_and_role_is_translated() {
        use arkki_api::account::{PasswordRule, Role};
        use arkki_api::ErrorCode;
        let fi = parse(FI);
        for code in ErrorCode::ALL {
            assert!(
                fi.contains_key(format!("error.{}", code.as_str()).as_str()),
                "{code:?}"
            );
        }
        for rule in PasswordRule::ALL {
            assert!(fi.contains_key(format!("password_rule.{}", rule.code()).as_str()));
        }
        for role in Role::ALL {
            assert!(fi.contains_key(format!("role.{}", role.as_str()).as_str()));
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(fill("Odota {n} s", &[("n", "30")]), "Odota 30 s");
        assert_eq!(lookup(Locale::Sv, "app.name"), "Arkki");
    }
}

#[cfg(test)]
mod keys_used {
    //! Finds every literal key passed to `t(`, `t_with(` or `text(` in the app's sources.

    pub fn all() -> Vec<String> {
        let mut keys = Vec::new();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        visit(std::path::Path::new(root), &mut keys);
        assert!(keys.len() > 30, "found only {} keys", keys.len());
        keys
    }

    fn visit(dir: &std::path::Path, keys: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, keys);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in [".t(\"", ".t_with(\"", ".text(\""] {
                    for piece in text.split(marker).skip(1) {
                        if let Some(end) = piece.find('"') {
                            keys.push(piece[..end].to_owned());
                        }
                    }
                }
            }
        }
    }
}
