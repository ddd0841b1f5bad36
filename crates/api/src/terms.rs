//! Terms acceptance: documents, versions, who must accept what and when, and the diff
//! shown when accepting again. The server enforces these rules; the app only shows them.

use serde::{Deserialize, Serialize};

use crate::json::{FromJson, ToJson};

use crate::account::{Locale, Role, User};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum DocumentKind {
    TermsOfService,
    PrivacyNotice,
    ResearchConsent,
}

crate::wire::wire_code! {
    DocumentKind, as_str, parse {
        TermsOfService => "terms_of_service",
        PrivacyNotice => "privacy_notice",
        ResearchConsent => "research_consent",
    }
}

/// Who a document (or a notice) is for. On the wire: `{"kind": "everyone"}`,
/// `{"kind": "organisation", "organisation_id": 1}` or `{"kind": "role", "role": "teacher"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(try_from = "AudienceWire", into = "AudienceWire")]
pub enum Audience {
    Everyone,
    Organisation { organisation_id: i64 },
    Role { role: Role },
}

/// [`Audience`] as a plain struct. An internally tagged enum would make serde buffer the
/// whole object first, code that is large in the web app's bundle.
#[derive(Serialize, Deserialize, FromJson, ToJson)]
struct AudienceWire {
    kind: AudienceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organisation_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
enum AudienceKind {
    Everyone,
    Organisation,
    Role,
}

crate::wire::wire_code! {
    AudienceKind, as_str, from_code {
        Everyone => "everyone",
        Organisation => "organisation",
        Role => "role",
    }
}

impl TryFrom<AudienceWire> for Audience {
    type Error = &'static str;

    fn try_from(wire: AudienceWire) -> Result<Self, Self::Error> {
        match (wire.kind, wire.organisation_id, wire.role) {
            (AudienceKind::Everyone, None, None) => Ok(Audience::Everyone),
            (AudienceKind::Organisation, Some(organisation_id), None) => {
                Ok(Audience::Organisation { organisation_id })
            }
            (AudienceKind::Role, None, Some(role)) => Ok(Audience::Role { role }),
            _ => Err("an audience names an organisation_id only for kind organisation and a role only for kind role"),
        }
    }
}

impl From<Audience> for AudienceWire {
    fn from(audience: Audience) -> Self {
        let (kind, organisation_id, role) = match audience {
            Audience::Everyone => (AudienceKind::Everyone, None, None),
            Audience::Organisation { organisation_id } => {
                (AudienceKind::Organisation, Some(organisation_id), None)
            }
            Audience::Role { role } => (AudienceKind::Role, None, Some(role)),
        };
        AudienceWire {
            kind,
            organisation_id,
            role,
        }
    }
}

impl Audience {
    pub fn includes(&self, user: &User) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Organisation { organisation_id } => {
                user.organisation.as_ref().map(|o| o.id) == Some(*organisation_id)
            }
            Audience::Role { role } => user.has_role(*role),
        }
    }
}

/// A version's place in its life. Published versions never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum VersionState {
    Draft,
    Scheduled,
    Active,
    Retired,
}

crate::wire::wire_code! {
    VersionState, as_str, parse {
        Draft => "draft",
        Scheduled => "scheduled",
        Active => "active",
        Retired => "retired",
    }
}

/// What the rules need to know of one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionFacts {
    pub id: i64,
    /// Set when published; `None` is a draft.
    pub effective_at: Option<i64>,
    pub retired: bool,
    /// A material change requires everyone to accept again; a minor revision does not.
    /// A document's first version is always material.
    pub material: bool,
}

impl VersionFacts {
    fn order(&self) -> (i64, i64) {
        (self.effective_at.unwrap_or(i64::MAX), self.id)
    }

    fn in_force_by(&self, now: i64) -> bool {
        !self.retired && self.effective_at.is_some_and(|at| at <= now)
    }
}

/// The version in force now: the latest published, unretired one whose date has come.
pub fn current_version(versions: &[VersionFacts], now: i64) -> Option<&VersionFacts> {
    versions
        .iter()
        .filter(|v| v.in_force_by(now))
        .max_by_key(|v| v.order())
}

/// The version whose acceptance is required now: the latest material one in force.
/// Accepting it or any later minor revision satisfies the document.
pub fn required_version(versions: &[VersionFacts], now: i64) -> Option<&VersionFacts> {
    let current = current_version(versions, now)?;
    versions
        .iter()
        .filter(|v| v.in_force_by(now) && v.order() <= current.order())
        .filter(|v| v.material || is_first(versions, v))
        .max_by_key(|v| v.order())
        .or(Some(current))
}

fn is_first(versions: &[VersionFacts], version: &VersionFacts) -> bool {
    versions
        .iter()
        .filter(|v| v.effective_at.is_some())
        .min_by_key(|v| v.order())
        .is_some_and(|first| first.id == version.id)
}

pub fn version_state(versions: &[VersionFacts], id: i64, now: i64) -> VersionState {
    let Some(version) = versions.iter().find(|v| v.id == id) else {
        return VersionState::Retired;
    };
    match version.effective_at {
        None => VersionState::Draft,
        Some(_) if version.retired => VersionState::Retired,
        Some(at) if at > now => VersionState::Scheduled,
        Some(_) => {
            if current_version(versions, now).is_some_and(|c| c.id == id) {
                VersionState::Active
            } else {
                VersionState::Retired
            }
        }
    }
}

/// The next published version that will take effect after `now`, for the advance notice.
pub fn upcoming_version(versions: &[VersionFacts], now: i64) -> Option<&VersionFacts> {
    versions
        .iter()
        .filter(|v| !v.retired && v.effective_at.is_some_and(|at| at > now))
        .min_by_key(|v| v.order())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum EventKind {
    Accepted,
    Declined,
    Withdrawn,
    AcceptedOnBehalf,
}

crate::wire::wire_code! {
    EventKind, as_str, parse {
        Accepted => "accepted",
        Declined => "declined",
        Withdrawn => "withdrawn",
        AcceptedOnBehalf => "accepted_on_behalf",
    }
}

/// One recorded choice of one user about one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFacts {
    pub id: i64,
    pub kind: EventKind,
    pub version_id: i64,
    pub at: i64,
}

/// Where a user stands with one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum TermsStatus {
    /// No choice made for the version required now.
    Pending,
    Accepted,
    /// Declined, or an optional consent withdrawn.
    Declined,
}

crate::wire::wire_code! {
    TermsStatus, as_str, parse {
        Pending => "pending",
        Accepted => "accepted",
        Declined => "declined",
    }
}

/// The user's status for a document. `events` are that user's events for the document, in
/// any order; events before `ask_again_since` (an administrator asked the user's segment to
/// accept again) do not count. `None` when the document has no version in force.
pub fn status(
    versions: &[VersionFacts],
    events: &[EventFacts],
    ask_again_since: Option<i64>,
    now: i64,
) -> Option<TermsStatus> {
    let required = required_version(versions, now)?;
    let order_of = |id: i64| versions.iter().find(|v| v.id == id).map(|v| v.order());
    let latest = events
        .iter()
        .filter(|e| ask_again_since.is_none_or(|since| e.at >= since))
        .max_by_key(|e| (e.at, e.id));
    let Some(latest) = latest else {
        return Some(TermsStatus::Pending);
    };
    if latest.kind == EventKind::Withdrawn {
        return Some(TermsStatus::Declined);
    }
    let covers_required = order_of(latest.version_id).is_some_and(|o| o >= required.order());
    Some(match (latest.kind, covers_required) {
        (_, false) => TermsStatus::Pending,
        (EventKind::Accepted | EventKind::AcceptedOnBehalf, true) => TermsStatus::Accepted,
        (_, true) => TermsStatus::Declined,
    })
}

/// Whether the user must deal with the document before using the service (the gate), and
/// whether the app asks them about it at all.
pub fn blocks_use(compulsory: bool, status: TermsStatus) -> bool {
    compulsory && status != TermsStatus::Accepted
}

pub fn asks_for_choice(compulsory: bool, status: TermsStatus) -> bool {
    blocks_use(compulsory, status) || status == TermsStatus::Pending
}

/// The language to show a text in: the reader's own, else Finnish, else English, else any.
pub fn pick_locale(available: &[Locale], preferred: Locale) -> Option<Locale> {
    [preferred, Locale::Fi, Locale::En]
        .into_iter()
        .find(|l| available.contains(l))
        .or_else(|| available.first().copied())
}

/// The target languages that still lack a text; a version cannot be published until empty.
pub fn missing_languages(targets: &[Locale], written: &[Locale]) -> Vec<Locale> {
    targets
        .iter()
        .copied()
        .filter(|l| !written.contains(l))
        .collect()
}

/// A document awaiting this user's choice, in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct PendingTerms {
    pub document_id: i64,
    pub version_id: i64,
    pub kind: DocumentKind,
    pub compulsory: bool,
    pub title: String,
    pub status: TermsStatus,
    /// The version the user accepted before, if any: the app offers a diff against it.
    pub previously_accepted_version_id: Option<i64>,
}

/// One language's text of a version, as shown to a reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct VersionText {
    pub version_id: i64,
    pub document_id: i64,
    pub kind: DocumentKind,
    pub compulsory: bool,
    pub locale: Locale,
    pub title: String,
    /// Sanitised HTML rendered by the server from the Markdown source.
    pub html: String,
    /// SHA-256 (hex) of the Markdown source in this language: what acceptance refers to.
    pub content_sha256: String,
    pub effective_at: Option<i64>,
    pub state: VersionState,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct Decision {
    pub locale: Locale,
    /// The hash of the text the person was shown; a mismatch is refused (`conflict`).
    pub content_sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct OnBehalfAcceptance {
    pub user_id: i64,
    pub locale: Locale,
    pub content_sha256: String,
    pub note: String,
}

/// A recorded event as its user sees it on "My terms".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct TermsEvent {
    pub id: i64,
    pub kind: EventKind,
    pub document_id: i64,
    pub version_id: i64,
    pub document_kind: DocumentKind,
    pub compulsory: bool,
    pub title: String,
    pub locale: Locale,
    pub content_sha256: String,
    pub at: i64,
    pub acting_user: Option<String>,
    pub note: String,
    /// Whether this user may withdraw it now (an optional consent that stands).
    pub can_withdraw: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

crate::wire::wire_code! {
    DiffKind, as_str, parse {
        Same => "same",
        Added => "added",
        Removed => "removed",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub text: String,
}

/// A line diff (longest common subsequence) from `old` to `new`. Blank lines are kept as
/// they separate paragraphs.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Common prefix and suffix first: most revisions change little.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut table = vec![vec![0u32; mb.len() + 1]; ma.len() + 1];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            table[i][j] = if ma[i] == mb[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let line = |kind, text: &str| DiffLine {
        kind,
        text: text.to_owned(),
    };
    let mut out: Vec<DiffLine> = a[..prefix]
        .iter()
        .map(|t| line(DiffKind::Same, t))
        .collect();
    let (mut i, mut j) = (0, 0);
    while i < ma.len() && j < mb.len() {
        if ma[i] == mb[j] {
            out.push(line(DiffKind::Same, ma[i]));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            out.push(line(DiffKind::Removed, ma[i]));
            i += 1;
        } else {
            out.push(line(DiffKind::Added, mb[j]));
            j += 1;
        }
    }
    out.extend(ma[i..].iter().map(|t| line(DiffKind::Removed, t)));
    out.extend(mb[j..].iter().map(|t| line(DiffKind::Added, t)));
    out.extend(
        a[a.len() - suffix..]
            .iter()
            .map(|t| line(DiffKind::Same, t)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::OrganisationRef;

    #[test]
    fn audiences_keep_their_wire_form_and_refuse_mixed_ones() {
        let cases = [
            (Audience::Everyone, r#"{"kind":"everyone"}"#),
            (
                Audience::Organisation { organisation_id: 4 },
                r#"{"kind":"organisation","organisation_id":4}"#,
            ),
            (
                Audience::Role {
                    role: Role::Teacher,
                },
                r#"{"kind":"role","role":"teacher"}"#,
            ),
        ];
        for (audience, json) in cases {
            assert_eq!(serde_json::to_string(&audience).unwrap(), json);
            assert_eq!(serde_json::from_str::<Audience>(json).unwrap(), audience);
        }
        for wrong in [
            r#"{"kind":"role"}"#,
            r#"{"kind":"organisation","role":"teacher"}"#,
            r#"{"kind":"everyone","organisation_id":1}"#,
            r#"{"kind":"nobody"}"#,
        ] {
            assert!(serde_json::from_str::<Audience>(wrong).is_err(), "{wrong}");
        }
    }

    fn v(id: i64, effective_at: Option<i64>, material: bool) -> VersionFacts {
        VersionFacts {
            id,
            effective_at,
            retired: false,
            material,
        }
    }

    fn e(id: i64, kind: EventKind, version_id: i64, at: i64) -> EventFacts {
        EventFacts {
            id,
            kind,
            version_id,
            at,
        }
    }

    #[test]
    fn the_current_version_is_the_latest_in_force() {
        let versions = [
            v(1, Some(10), true),
            v(2, Some(20), true),
            v(3, None, true),
            v(4, Some(30), false),
        ];
        assert_eq!(current_version(&versions, 5), None);
        assert_eq!(current_version(&versions, 10).unwrap().id, 1);
        assert_eq!(current_version(&versions, 25).unwrap().id, 2);
        assert_eq!(current_version(&versions, 30).unwrap().id, 4);
        assert_eq!(version_state(&versions, 3, 30), VersionState::Draft);
        assert_eq!(version_state(&versions, 4, 25), VersionState::Scheduled);
        assert_eq!(version_state(&versions, 4, 30), VersionState::Active);
        assert_eq!(version_state(&versions, 1, 30), VersionState::Retired);
        assert_eq!(upcoming_version(&versions, 25).unwrap().id, 4);
        assert_eq!(upcoming_version(&versions, 30), None);
        let mut retired = versions.clone();
        retired[1].retired = true;
        assert_eq!(current_version(&retired, 25).unwrap().id, 1);
        assert_eq!(version_state(&retired, 2, 25), VersionState::Retired);
    }

    #[test]
    fn minor_revisions_need_no_new_acceptance_but_material_ones_do() {
        // 1 (first), 2 minor, 3 material, 4 minor
        let versions = [
            v(1, Some(10), false),
            v(2, Some(20), false),
            v(3, Some(30), true),
            v(4, Some(40), false),
        ];
        assert_eq!(
            required_version(&versions, 15).unwrap().id,
            1,
            "first is always material"
        );
        assert_eq!(required_version(&versions, 25).unwrap().id, 1);
        assert_eq!(required_version(&versions, 35).unwrap().id, 3);
        assert_eq!(required_version(&versions, 45).unwrap().id, 3);

        let accepted_first = [e(1, EventKind::Accepted, 1, 11)];
        assert_eq!(
            status(&versions, &accepted_first, None, 25),
            Some(TermsStatus::Accepted)
        );
        assert_eq!(
            status(&versions, &accepted_first, None, 35),
            Some(TermsStatus::Pending)
        );
        let accepted_third = [
            e(1, EventKind::Accepted, 1, 11),
            e(2, EventKind::Accepted, 3, 31),
        ];
        assert_eq!(
            status(&versions, &accepted_third, None, 45),
            Some(TermsStatus::Accepted)
        );
        // Accepting the later minor revision also covers the material one before it.
        let accepted_fourth = [e(1, EventKind::Accepted, 4, 41)];
        assert_eq!(
            status(&versions, &accepted_fourth, None, 45),
            Some(TermsStatus::Accepted)
        );
        assert_eq!(status(&versions, &[], None, 5), None, "nothing in force");
        assert_eq!(status(&versions, &[], None, 15), Some(TermsStatus::Pending));
    }

    #[test]
    fn the_latest_choice_counts_and_asking_again_resets() {
        let versions = [v(1, Some(10), true)];
        let declined = [e(1, EventKind::Declined, 1, 12)];
        assert_eq!(
            status(&versions, &declined, None, 20),
            Some(TermsStatus::Declined)
        );
        let then_accepted = [
            e(1, EventKind::Declined, 1, 12),
            e(2, EventKind::Accepted, 1, 13),
        ];
        assert_eq!(
            status(&versions, &then_accepted, None, 20),
            Some(TermsStatus::Accepted)
        );
        let withdrawn = [
            e(2, EventKind::Accepted, 1, 13),
            e(3, EventKind::Withdrawn, 1, 14),
        ];
        assert_eq!(
            status(&versions, &withdrawn, None, 20),
            Some(TermsStatus::Declined)
        );
        let on_behalf = [e(1, EventKind::AcceptedOnBehalf, 1, 12)];
        assert_eq!(
            status(&versions, &on_behalf, None, 20),
            Some(TermsStatus::Accepted)
        );
        // Same second: the later event id wins.
        let same_second = [
            e(5, EventKind::Accepted, 1, 15),
            e(4, EventKind::Declined, 1, 15),
        ];
        assert_eq!(
            status(&versions, &same_second, None, 20),
            Some(TermsStatus::Accepted)
        );
        // An administrator asked this segment to accept again at 16.
        assert_eq!(
            status(&versions, &then_accepted, Some(16), 20),
            Some(TermsStatus::Pending)
        );
        let after = [
            e(2, EventKind::Accepted, 1, 13),
            e(6, EventKind::Accepted, 1, 17),
        ];
        assert_eq!(
            status(&versions, &after, Some(16), 20),
            Some(TermsStatus::Accepted)
        );
    }

    #[test]
    fn what_blocks_and_what_is_asked() {
        use TermsStatus::*;
        for (compulsory, status, blocks, asks) in [
            (true, Pending, true, true),
            (true, Declined, true, true),
            (true, Accepted, false, false),
            (false, Pending, false, true),
            (false, Declined, false, false),
            (false, Accepted, false, false),
        ] {
            assert_eq!(
                blocks_use(compulsory, status),
                blocks,
                "{compulsory} {status:?}"
            );
            assert_eq!(
                asks_for_choice(compulsory, status),
                asks,
                "{compulsory} {status:?}"
            );
        }
    }

    #[test]
    fn audiences_pick_their_people() {
        let mut user = User {
            id: 1,
            username: "x".into(),
            display_name: "X".into(),
            email: String::new(),
            locale: Locale::Fi,
            organisation: Some(OrganisationRef {
                id: 7,
                name: "S".into(),
            }),
            roles: vec![Role::Student],
            must_change_password: false,
            active: true,
            version: 1,
        };
        assert!(Audience::Everyone.includes(&user));
        assert!(Audience::Organisation { organisation_id: 7 }.includes(&user));
        assert!(!Audience::Organisation { organisation_id: 8 }.includes(&user));
        assert!(Audience::Role {
            role: Role::Student
        }
        .includes(&user));
        assert!(!Audience::Role {
            role: Role::Teacher
        }
        .includes(&user));
        user.organisation = None;
        assert!(!Audience::Organisation { organisation_id: 7 }.includes(&user));
        let json = serde_json::to_value(Audience::Role {
            role: Role::Teacher,
        })
        .unwrap();
        assert_eq!(json, serde_json::json!({"kind": "role", "role": "teacher"}));
    }

    #[test]
    fn languages_fall_back_to_finnish_then_english() {
        use Locale::*;
        assert_eq!(pick_locale(&[Fi, Sv, En], Sv), Some(Sv));
        assert_eq!(pick_locale(&[Fi, En], Sv), Some(Fi));
        assert_eq!(pick_locale(&[En], Sv), Some(En));
        assert_eq!(pick_locale(&[Sv], En), Some(Sv));
        assert_eq!(pick_locale(&[], En), None);
        assert_eq!(missing_languages(&[Fi, Sv, En], &[Fi, En]), vec![Sv]);
        assert!(missing_languages(&[Fi], &[Fi, Sv]).is_empty());
    }

    #[test]
    fn diffs_show_removed_and_added_lines_in_order() {
        let old = "# Ehdot\n\n1. Yksi\n2. Kaksi\n\nLoppu";
        let new = "# Ehdot\n\n1. Yksi\n2. Kaksi ja puoli\n3. Kolme\n\nLoppu";
        let d = diff_lines(old, new);
        let kinds: Vec<_> = d.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (DiffKind::Same, "# Ehdot"),
                (DiffKind::Same, ""),
                (DiffKind::Same, "1. Yksi"),
                (DiffKind::Removed, "2. Kaksi"),
                (DiffKind::Added, "2. Kaksi ja puoli"),
                (DiffKind::Added, "3. Kolme"),
                (DiffKind::Same, ""),
                (DiffKind::Same, "Loppu"),
            ]
        );
        assert!(diff_lines("a\nb", "a\nb")
            .iter()
            .all(|l| l.kind == DiffKind::Same));
        assert_eq!(diff_lines("", "x")[0].kind, DiffKind::Added);
        assert_eq!(diff_lines("x", "")[0].kind, DiffKind::Removed);
        // Reconstructing both sides from the diff gives the originals back.
        let big_old: String = (0..800).map(|i| format!("Kohta {i}\n")).collect();
        let big_new = big_old.replace("Kohta 400\n", "Kohta 400 muutettu\n");
        let d = diff_lines(&big_old, &big_new);
        let back_old: Vec<_> = d
            .iter()
            .filter(|l| l.kind != DiffKind::Added)
            .map(|l| l.text.as_str())
            .collect();
        let back_new: Vec<_> = d
            .iter()
            .filter(|l| l.kind != DiffKind::Removed)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(back_old.join("\n"), big_old.trim_end());
        assert_eq!(back_new.join("\n"), big_new.trim_end());
        assert_eq!(d.iter().filter(|l| l.kind != DiffKind::Same).count(), 2);
    }
}

/// Administration: a document and the state of each of its versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct AdminVersion {
    pub id: i64,
    pub state: VersionState,
    pub effective_at: Option<i64>,
    pub material: bool,
    pub languages: Vec<Locale>,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct AdminDocument {
    pub id: i64,
    pub name: String,
    pub kind: DocumentKind,
    pub position: i64,
    pub compulsory: bool,
    pub audience: Audience,
    pub languages: Vec<Locale>,
    pub versions: Vec<AdminVersion>,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct NewDocument {
    pub name: String,
    pub kind: DocumentKind,
    #[serde(default)]
    pub position: i64,
    pub compulsory: bool,
    pub audience: Audience,
    #[serde(default = "all_locales")]
    pub languages: Vec<Locale>,
}

fn all_locales() -> Vec<Locale> {
    Locale::ALL.to_vec()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct DraftText {
    pub locale: Locale,
    pub title: String,
    pub body_markdown: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct DraftTexts {
    pub texts: Vec<DraftText>,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct Publication {
    /// When the version takes effect; `None` means now.
    pub effective_at: Option<i64>,
    /// A material change requires everyone to accept again.
    pub material: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct AskAgain {
    pub audience: Audience,
}

/// Counts of one segment of the people a version concerns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct ReportCounts {
    pub segment: String,
    pub accepted: u32,
    pub declined: u32,
    pub pending: u32,
}

impl ReportCounts {
    pub fn total(&self) -> u32 {
        self.accepted + self.declined + self.pending
    }

    /// Whole-number percentage of `part` in this segment.
    pub fn percent(&self, part: u32) -> u32 {
        (part * 100).checked_div(self.total()).unwrap_or(0)
    }

    pub fn add(&mut self, status: TermsStatus) {
        match status {
            TermsStatus::Accepted => self.accepted += 1,
            TermsStatus::Declined => self.declined += 1,
            TermsStatus::Pending => self.pending += 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct ReportRow {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub organisation: String,
    pub roles: Vec<Role>,
    pub status: TermsStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct VersionReport {
    pub version_id: i64,
    pub title: String,
    pub total: ReportCounts,
    pub by_organisation: Vec<ReportCounts>,
    pub by_role: Vec<ReportCounts>,
    pub users: Vec<ReportRow>,
}

/// A CSV field, quoted, with formula-starting cells defused for spreadsheet users.
pub fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn counts_and_percentages() {
        let mut c = ReportCounts::default();
        assert_eq!(c.percent(0), 0);
        c.add(TermsStatus::Accepted);
        c.add(TermsStatus::Accepted);
        c.add(TermsStatus::Pending);
        assert_eq!(
            (c.total(), c.percent(c.accepted), c.percent(c.pending)),
            (3, 66, 33)
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("Oona"), "\"Oona\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_field("-1"), "\"'-1\"");
    }
}

/// The answer to publishing a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct PublishedVersion {
    pub id: i64,
    pub effective_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum NoticeKind {
    Information,
    Maintenance,
}

crate::wire::wire_code! {
    NoticeKind, as_str, parse {
        Information => "information",
        Maintenance => "maintenance",
    }
}

/// A service notice, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    pub text: String,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
}

/// A published terms version that takes effect later: announced before it applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct UpcomingTerms {
    pub version_id: i64,
    pub title: String,
    pub effective_at: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Notices {
    pub notices: Vec<Notice>,
    pub upcoming_terms: Vec<UpcomingTerms>,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct NewNotice {
    pub kind: NoticeKind,
    pub audience: Audience,
    /// The text per language; Finnish is required.
    pub texts: std::collections::BTreeMap<Locale, String>,
    #[serde(default)]
    pub starts_at: Option<i64>,
    #[serde(default)]
    pub ends_at: Option<i64>,
}

/// A student whose terms a teacher or organisation admin may record on their behalf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct StudentTerms {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub pending: Vec<PendingTerms>,
}

/// Who may record acceptance on behalf of `student`: administrators for anyone, teachers
/// and organisation admins for students of their own organisation.
pub fn may_accept_on_behalf(actor: &User, student: &User) -> bool {
    if actor.has_role(Role::Administrator) {
        return true;
    }
    let same_organisation = actor.organisation.is_some()
        && actor.organisation.as_ref().map(|o| o.id) == student.organisation.as_ref().map(|o| o.id);
    same_organisation
        && (actor.has_role(Role::Teacher) || actor.has_role(Role::OrganisationAdmin))
        && student.has_role(Role::Student)
        && actor.id != student.id
}

/// Whether `actor` records acceptances for others at all (the app shows the page).
pub fn records_on_behalf(actor: &User) -> bool {
    actor.has_role(Role::Administrator)
        || (actor.organisation.is_some()
            && (actor.has_role(Role::Teacher) || actor.has_role(Role::OrganisationAdmin)))
}

#[cfg(test)]
mod on_behalf_tests {
    use super::*;
    use crate::account::OrganisationRef;

    fn person(id: i64, org: Option<i64>, roles: &[Role]) -> User {
        User {
            id,
            username: format!("u{id}"),
            display_name: String::new(),
            email: String::new(),
            locale: Locale::Fi,
            organisation: org.map(|id| OrganisationRef {
                id,
                name: String::new(),
            }),
            roles: roles.to_vec(),
            must_change_password: false,
            active: true,
            version: 1,
        }
    }

    #[test]
    fn teachers_and_organisation_admins_act_for_their_own_students_only() {
        let student = person(1, Some(10), &[Role::Student]);
        let other_student = person(2, Some(11), &[Role::Student]);
        let colleague = person(3, Some(10), &[Role::Teacher]);
        let teacher = person(4, Some(10), &[Role::Teacher]);
        let school_admin = person(5, Some(10), &[Role::OrganisationAdmin]);
        let admin = person(6, None, &[Role::Administrator]);
        let pupil = person(7, Some(10), &[Role::Student]);
        let key_user = person(8, Some(10), &[Role::KeyUser]);
        assert!(may_accept_on_behalf(&teacher, &student));
        assert!(may_accept_on_behalf(&school_admin, &student));
        assert!(may_accept_on_behalf(&admin, &other_student));
        assert!(!may_accept_on_behalf(&teacher, &other_student));
        assert!(!may_accept_on_behalf(&teacher, &colleague), "only students");
        assert!(!may_accept_on_behalf(&pupil, &student));
        assert!(!may_accept_on_behalf(&key_user, &student));
        assert!(
            records_on_behalf(&teacher)
                && records_on_behalf(&school_admin)
                && records_on_behalf(&admin)
        );
        assert!(!records_on_behalf(&pupil) && !records_on_behalf(&key_user));
    }
}
