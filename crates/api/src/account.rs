//! Accounts, sign-in, the signed-in user's own profile and the password rules.

use serde::{Deserialize, Serialize};

use crate::json::{FromJson, ToJson};

/// The languages Arkki speaks. Finnish is the default.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Locale {
    #[default]
    Fi,
    Sv,
    En,
}

crate::wire::wire_code! {
    Locale, code, from_code {
        Fi => "fi",
        Sv => "sv",
        En => "en",
    }
}

impl Locale {
    /// The language's own name, shown in the language switch whatever the current language.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Fi => "Suomi",
            Locale::Sv => "Svenska",
            Locale::En => "English",
        }
    }
}

/// What a person may do, platform-wide or within their organisation.
/// Project roles (key user, member per project) are granted per project; the
/// organisation-level `KeyUser`/`Member` say who in a customer company works in projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Role {
    Administrator,
    OrganisationAdmin,
    Teacher,
    Student,
    KeyUser,
    Member,
}

crate::wire::wire_code! {
    Role, as_str, parse {
        Administrator => "administrator",
        OrganisationAdmin => "organisation_admin",
        Teacher => "teacher",
        Student => "student",
        KeyUser => "key_user",
        Member => "member",
    }
}

/// A short reference to an organisation, carried inside other resources.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct OrganisationRef {
    pub id: i64,
    pub name: String,
}

/// What the signed-in user may reach in the app; the app shows navigation from this.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct AccountCapabilities {
    pub administer_organisations: bool,
    pub administer_users: bool,
    #[serde(default)]
    pub administer_terms: bool,
    /// Teachers and organisation admins record terms acceptance for their students.
    #[serde(default)]
    pub record_terms_on_behalf: bool,
}

/// A person's account as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub locale: Locale,
    pub organisation: Option<OrganisationRef>,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
    pub active: bool,
    pub version: i64,
}

impl User {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// `GET /api/v1/me`: the user and what they may reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Me {
    pub user: User,
    pub can: AccountCapabilities,
    /// Terms awaiting the user's choice, so the app's gate needs no extra request.
    #[serde(default)]
    pub pending_terms: Vec<crate::terms::PendingTerms>,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/session`: the CSRF token must accompany every unsafe request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct SessionCreated {
    pub user: User,
    pub can: AccountCapabilities,
    pub csrf_token: String,
    #[serde(default)]
    pub pending_terms: Vec<crate::terms::PendingTerms>,
}

/// `PATCH /api/v1/me`: every field is optional; absent fields stay as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize, FromJson, ToJson)]
pub struct ProfileUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The version the edit was based on; a stale one is refused with `conflict`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// A request header that carries the CSRF token.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

/// One password rule; the app lists them all and ticks those met while the person types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordRule {
    MinLength,
    MaxLength,
    NotUsername,
    NotCommon,
    NotOneCharacter,
}

impl PasswordRule {
    pub const ALL: [PasswordRule; 5] = [
        PasswordRule::MinLength,
        PasswordRule::MaxLength,
        PasswordRule::NotUsername,
        PasswordRule::NotCommon,
        PasswordRule::NotOneCharacter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PasswordRule::MinLength => "min_length",
            PasswordRule::MaxLength => "max_length",
            PasswordRule::NotUsername => "not_username",
            PasswordRule::NotCommon => "not_common",
            PasswordRule::NotOneCharacter => "not_one_character",
        }
    }

    pub fn is_met(self, password: &str, username: &str) -> bool {
        let len = password.chars().count();
        match self {
            PasswordRule::MinLength => len >= PASSWORD_MIN,
            PasswordRule::MaxLength => len <= PASSWORD_MAX,
            // Usernames and the common passwords are lowercase ASCII, so ASCII case folding
            // is exact here; Unicode folding would put its tables in the app's bundle.
            PasswordRule::NotUsername => {
                let username = username.trim().to_ascii_lowercase();
                username.is_empty() || !password.to_ascii_lowercase().contains(&username)
            }
            PasswordRule::NotCommon => {
                let lower = password.to_ascii_lowercase();
                !COMMON_PASSWORDS.iter().any(|common| lower == *common)
            }
            PasswordRule::NotOneCharacter => {
                let mut chars = password.chars();
                match chars.next() {
                    Some(first) => chars.any(|c| c != first),
                    None => true,
                }
            }
        }
    }
}

/// The rules a proposed password breaks; empty means it is acceptable.
pub fn broken_password_rules(password: &str, username: &str) -> Vec<PasswordRule> {
    PasswordRule::ALL
        .into_iter()
        .filter(|rule| !rule.is_met(password, username))
        .collect()
}

/// Passwords long enough to pass the length rule but guessed first by every attacker.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "qwertyuiop",
    "password123",
    "password1234",
    "salasana123",
    "salasana1234",
    "qwerty12345",
    "qwerty123456",
    "iloveyou123",
    "letmein1234",
    "arkki-demo",
    "abcdefghij",
    "abc1234567",
    "1q2w3e4r5t",
    "asdfghjkl1",
    "passw0rd123",
    "administrator",
    "welcome123",
    "tervetuloa1",
];

/// Which gate of the app a person stands at. They run in order on every route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    SignIn,
    ChangePassword,
    AcceptTerms,
    Open,
}

/// The first gate this person has not passed yet.
pub fn current_gate(user: Option<&User>, terms_pending: bool) -> Gate {
    match user {
        None => Gate::SignIn,
        Some(u) if u.must_change_password => Gate::ChangePassword,
        Some(_) if terms_pending => Gate::AcceptTerms,
        Some(_) => Gate::Open,
    }
}

/// Where to go after signing in: only a path inside the app, never another site.
pub fn safe_return_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => {
            if p.starts_with("/sign-in") {
                "/".to_owned()
            } else {
                p.to_owned()
            }
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(must_change: bool) -> User {
        User {
            id: 1,
            username: "maija".into(),
            display_name: "Maija".into(),
            email: String::new(),
            locale: Locale::Fi,
            organisation: None,
            roles: vec![Role::Student],
            must_change_password: must_change,
            active: true,
            version: 1,
        }
    }

    #[test]
    fn gates_run_in_order() {
        assert_eq!(current_gate(None, true), Gate::SignIn);
        assert_eq!(current_gate(None, false), Gate::SignIn);
        assert_eq!(current_gate(Some(&user(true)), true), Gate::ChangePassword);
        assert_eq!(current_gate(Some(&user(true)), false), Gate::ChangePassword);
        assert_eq!(current_gate(Some(&user(false)), true), Gate::AcceptTerms);
        assert_eq!(current_gate(Some(&user(false)), false), Gate::Open);
    }

    #[test]
    fn password_rules_each_catch_their_case() {
        assert!(broken_password_rules("kissa-koira-hevonen", "maija").is_empty());
        assert_eq!(
            broken_password_rules("lyhyt", "maija"),
            vec![PasswordRule::MinLength]
        );
        assert_eq!(
            broken_password_rules(&"ab".repeat(65), "maija"),
            vec![PasswordRule::MaxLength]
        );
        assert_eq!(
            broken_password_rules("xxMAIJAxx-2024", "maija"),
            vec![PasswordRule::NotUsername]
        );
        assert_eq!(
            broken_password_rules("Salasana123", "maija"),
            vec![PasswordRule::NotCommon]
        );
        assert_eq!(
            broken_password_rules("aaaaaaaaaaaa", "maija"),
            vec![PasswordRule::NotOneCharacter]
        );
        // The demo password must never be accepted as a real one.
        assert!(broken_password_rules("arkki-demo", "x").contains(&PasswordRule::NotCommon));
        // Length counts characters, not bytes.
        assert!(PasswordRule::MinLength.is_met("ääääääööööö", ""));
        assert!(!PasswordRule::MinLength.is_met("äääää", ""));
        assert!(PasswordRule::NotOneCharacter.is_met("", ""));
        // Non-ASCII letters around the username do not hide it.
        assert!(!PasswordRule::NotUsername.is_met("ÄÄMaijaÖÖ-2024", "maija"));
    }

    #[test]
    fn return_path_stays_inside_the_app() {
        assert_eq!(safe_return_path(Some("/account")), "/account");
        assert_eq!(
            safe_return_path(Some("/admin/users?q=a")),
            "/admin/users?q=a"
        );
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("//evil.example")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(Some("/sign-in?next=/x")), "/");
        assert_eq!(safe_return_path(None), "/");
    }

    #[test]
    fn locales_and_roles_have_stable_codes() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
        assert_eq!(Locale::from_code("de"), None);
        assert_eq!(Locale::default(), Locale::Fi);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
    }
}
