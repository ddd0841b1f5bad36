//! The web app reads and writes the API's JSON with `arkki_api::json`; the server with
//! serde. For every type the app exchanges, both must read the same text to the same
//! value, write the same JSON, and refuse the same malformed answers.

use arkki_api::account::*;
use arkki_api::admin::*;
use arkki_api::json::{from_json, to_json, FromJson, JsonError, ToJson};
use arkki_api::paging::Page;
use arkki_api::terms::*;
use arkki_api::{FieldError, Problem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Text that needs escaping (every escape JSON has), characters outside the basic plane
/// written raw and as surrogate pairs in both cases of hex, and markup that must stay text.
const AWKWARD: &str = r#""Äiti \"<script>alert(1)</script>\" \\ \/ \b\f\n\r\t\u0001\u001F 😀 \ud83d\ude00 \uD83D\uDE00 \u00e5""#;

fn user(id: i64) -> String {
    format!(
        r#"{{"id": {id}, "username": "oppilas", "display_name": {AWKWARD}, "email": "",
        "locale": "sv", "organisation": {{"id": 9007199254740993, "name": {AWKWARD}}},
        "roles": ["student", "teacher"], "must_change_password": false, "active": true,
        "version": -3}}"#
    )
}

const PENDING: &str = r#"{"document_id": 1, "version_id": 2, "kind": "research_consent",
    "compulsory": false, "title": "Tutkimus", "status": "declined",
    "previously_accepted_version_id": null}"#;

/// Both sides read `text` to the same value, the app reads what the server writes for it,
/// and both write that value as the same JSON.
fn agrees<T>(text: &str)
where
    T: Serialize + DeserializeOwned + FromJson + ToJson,
{
    let by_serde: T = serde_json::from_str(text).expect("serde reads the sample");
    let expected = serde_json::to_value(&by_serde).unwrap();
    let ours: T = from_json(text).unwrap_or_else(|e| panic!("{e:?} reading {text}"));
    assert_eq!(
        serde_json::to_value(&ours).unwrap(),
        expected,
        "read {text}"
    );
    // What the server actually sends: compact, members skipped, its own escapes.
    let sent = serde_json::to_string(&by_serde).unwrap();
    let received: T = from_json(&sent).unwrap_or_else(|e| panic!("{e:?} reading {sent}"));
    assert_eq!(
        serde_json::to_value(&received).unwrap(),
        expected,
        "read {sent}"
    );
    let written = to_json(&ours);
    let reread: Value = serde_json::from_str(&written).expect("serde reads what the app wrote");
    assert_eq!(reread, expected, "wrote {written}");
}

/// Both sides refuse `text`.
fn both_refuse<T>(text: &str)
where
    T: DeserializeOwned + FromJson,
{
    assert!(
        serde_json::from_str::<T>(text).is_err(),
        "serde read {text}"
    );
    assert!(from_json::<T>(text).is_err(), "the app read {text}");
}

#[test]
fn account_types() {
    let me = format!(
        r#"{{"user": {}, "can": {{"administer_organisations": true, "administer_users": false}},
        "pending_terms": [{PENDING}], "a_member_from_a_newer_server": {{"x": [1, 2.5e3, null]}}}}"#,
        user(1)
    );
    agrees::<Me>(&me);
    agrees::<Me>(&format!(
        r#"{{"user": {}, "can": {{"administer_organisations": false, "administer_users": false,
        "administer_terms": true, "record_terms_on_behalf": true}}}}"#,
        user(2)
    ));
    agrees::<SessionCreated>(&format!(
        r#"{{"user": {}, "can": {{"administer_organisations": false, "administer_users": false}},
        "csrf_token": "abc"}}"#,
        user(3)
    ));
    agrees::<SignInRequest>(&format!(r#"{{"username": "a", "password": {AWKWARD}}}"#));
    agrees::<ProfileUpdate>(r#"{}"#);
    agrees::<ProfileUpdate>(
        r#"{"display_name": "Nimi", "email": "a@b.fi", "locale": "en", "version": 4}"#,
    );
    agrees::<PasswordChange>(r#"{"current_password": "x", "new_password": "y"}"#);
}

#[test]
fn administration_types() {
    let organisation = r#"{"id": 1, "name": "Demo School", "kind": "school", "version": 2,
        "can": {"rename": true, "manage_users": false}}"#;
    agrees::<Organisation>(organisation);
    agrees::<Page<Organisation>>(&format!(r#"{{"items": [{organisation}], "next": "1"}}"#));
    agrees::<Page<Organisation>>(r#"{"items": [], "next": null}"#);
    agrees::<NewOrganisation>(r#"{"name": "Uusi", "kind": "company"}"#);
    agrees::<OrganisationRename>(r#"{"name": "Uusi", "version": 3}"#);
    let account = |reason: &str| {
        format!(
            r#"{{"id": 5, "username": "jasen", "display_name": "J", "email": "j@x.fi",
            "locale": "fi", "organisation": null, "roles": [], "must_change_password": true,
            "active": false, "version": 1, "can": {{"edit": true, "reset_password": true,
            "deactivate": false, "change_roles": false{reason}}}}}"#
        )
    };
    agrees::<AdministeredAccount>(&account(""));
    agrees::<AdministeredAccount>(&account(r#", "reason": "own_account""#));
    agrees::<Page<AdministeredAccount>>(&format!(
        r#"{{"items": [{}], "next": null}}"#,
        account("")
    ));
    agrees::<NewAccount>(
        r#"{"username": "u", "display_name": "U", "organisation_id": null, "roles": ["student"]}"#,
    );
    agrees::<NewAccount>(
        r#"{"username": "u", "display_name": "U", "email": "u@x.fi", "locale": "en", "organisation_id": 2, "roles": []}"#,
    );
    agrees::<InitialPassword>(&format!(
        r#"{{"user": {}, "initial_password": "k4-x"}}"#,
        user(6)
    ));
    agrees::<AccountUpdate>(r#"{"version": 1}"#);
    agrees::<AccountUpdate>(
        r#"{"display_name": "D", "email": "", "roles": ["teacher"], "active": false, "version": 1}"#,
    );
    agrees::<Vec<DeletionRequest>>(&format!(
        r#"[{{"id": 1, "user": {}, "requested_at": 1700000000}}]"#,
        user(7)
    ));
}

#[test]
fn problem_types() {
    agrees::<Problem>(
        r#"{"type": "about:blank", "title": "Unauthenticated", "status": 401, "code": "unauthenticated"}"#,
    );
    agrees::<Problem>(&format!(
        r#"{{"type": "about:blank", "title": "T", "status": 422, "code": "validation",
        "detail": {AWKWARD}, "errors": [{{"field": "email", "code": "invalid_format"}}],
        "retry_after": 60, "pending": [{PENDING}]}}"#
    ));
    agrees::<FieldError>(r#"{"field": "name", "code": "required"}"#);
}

#[test]
fn terms_types() {
    agrees::<Vec<PendingTerms>>(&format!("[{PENDING}]"));
    agrees::<VersionText>(&format!(
        r#"{{"version_id": 1, "document_id": 2, "kind": "terms_of_service", "compulsory": true,
        "locale": "fi", "title": "Käyttöehdot", "html": {AWKWARD}, "content_sha256": "ab",
        "effective_at": null, "state": "active"}}"#
    ));
    agrees::<Decision>(r#"{"locale": "fi", "content_sha256": "ab"}"#);
    agrees::<OnBehalfAcceptance>(
        r#"{"user_id": 4, "locale": "sv", "content_sha256": "ab", "note": "Paperilomake"}"#,
    );
    agrees::<Vec<TermsEvent>>(
        r#"[{"id": 1, "kind": "accepted_on_behalf", "document_id": 1, "version_id": 2,
        "document_kind": "privacy_notice", "compulsory": true, "title": "T", "locale": "fi",
        "content_sha256": "ab", "at": 1700000000, "acting_user": "opettaja", "note": "",
        "can_withdraw": false}]"#,
    );
    agrees::<Vec<DiffLine>>(r#"[{"kind": "added", "text": "uusi"}, {"kind": "same", "text": ""}]"#);
    let version = r#"{"id": 3, "state": "draft", "effective_at": 1800000000, "material": true,
        "languages": ["fi", "sv", "en"], "title": "Luonnos"}"#;
    for audience in [
        r#"{"kind": "everyone"}"#,
        r#"{"kind": "organisation", "organisation_id": 1}"#,
        r#"{"kind": "role", "role": "teacher"}"#,
    ] {
        agrees::<Vec<AdminDocument>>(&format!(
            r#"[{{"id": 1, "name": "N", "kind": "terms_of_service", "position": 0,
            "compulsory": true, "audience": {audience}, "languages": ["fi"],
            "versions": [{version}]}}]"#
        ));
        agrees::<AskAgain>(&format!(r#"{{"audience": {audience}}}"#));
        agrees::<NewDocument>(&format!(
            r#"{{"name": "N", "kind": "privacy_notice", "compulsory": false, "audience": {audience}}}"#
        ));
    }
    agrees::<DraftTexts>(&format!(
        r#"{{"texts": [{{"locale": "fi", "title": "T", "body_markdown": {AWKWARD}}}]}}"#
    ));
    agrees::<Publication>(r#"{"effective_at": null, "material": false}"#);
    let counts =
        r#"{"segment": "Demo School", "accepted": 4294967295, "declined": 0, "pending": 1}"#;
    agrees::<VersionReport>(&format!(
        r#"{{"version_id": 1, "title": "T", "total": {counts}, "by_organisation": [{counts}],
        "by_role": [], "users": [{{"user_id": 1, "username": "u", "display_name": "U",
        "organisation": "", "roles": ["student"], "status": "pending"}}]}}"#
    ));
    agrees::<PublishedVersion>(r#"{"id": 1, "effective_at": 0}"#);
    agrees::<Notices>(
        r#"{"notices": [{"id": 1, "kind": "maintenance", "text": "Huolto", "starts_at": 1,
        "ends_at": null}], "upcoming_terms": [{"version_id": 2, "title": "T", "effective_at": 3}]}"#,
    );
    agrees::<NewNotice>(
        r#"{"kind": "information", "audience": {"kind": "everyone"},
        "texts": {"fi": "Tiedote", "en": "Notice"}, "starts_at": null}"#,
    );
    agrees::<Page<StudentTerms>>(&format!(
        r#"{{"items": [{{"user_id": 1, "username": "oppilas", "display_name": "O",
        "pending": [{PENDING}]}}], "next": null}}"#
    ));
}

#[test]
fn both_sides_refuse_the_same_malformed_answers() {
    // A required member missing, of the wrong type, or null.
    both_refuse::<OrganisationRename>(r#"{"name": "x"}"#);
    both_refuse::<OrganisationRename>(r#"{"name": 1, "version": 1}"#);
    both_refuse::<OrganisationRename>(r#"{"name": "x", "version": null}"#);
    both_refuse::<OrganisationRename>(r#"{"name": "x", "version": "1"}"#);
    // Serde also takes a struct written as an array; no API answer is, so the app need not.
    assert!(from_json::<OrganisationRename>(r#"["x", 1]"#).is_err());
    // Codes and audiences the API does not know.
    both_refuse::<NewOrganisation>(r#"{"name": "x", "kind": "castle"}"#);
    both_refuse::<AskAgain>(r#"{"audience": {"kind": "role"}}"#);
    both_refuse::<AskAgain>(r#"{"audience": {"kind": "everyone", "role": "student"}}"#);
    both_refuse::<AskAgain>(r#"{"audience": {"kind": "nobody"}}"#);
    // Numbers out of range for the member.
    both_refuse::<Problem>(r#"{"type": "t", "title": "t", "status": 70000, "code": "internal"}"#);
    both_refuse::<ReportCounts>(r#"{"segment": "s", "accepted": -1, "declined": 0, "pending": 0}"#);
    both_refuse::<PublishedVersion>(r#"{"id": 9223372036854775808, "effective_at": 0}"#);
    // Not JSON at all.
    both_refuse::<PublishedVersion>(r#"{"id": 1, "effective_at": 0"#);
    both_refuse::<PublishedVersion>(r#"{"id": 1, "effective_at": 0} x"#);
    both_refuse::<PublishedVersion>(r#"{"id": 01, "effective_at": 0}"#);
    both_refuse::<PublishedVersion>(r#"{id: 1, "effective_at": 0}"#);
    both_refuse::<PublishedVersion>(r#"{"id": 1,, "effective_at": 0}"#);
    both_refuse::<PublishedVersion>(r#"{"id": 1, "effective_at": 0,}"#);
    both_refuse::<PublishedVersion>("");
    both_refuse::<FieldError>("{\"field\": \"a\u{1}\", \"code\": \"c\"}");
    both_refuse::<FieldError>(r#"{"field": "\ud800", "code": "c"}"#);
    both_refuse::<FieldError>(r#"{"field": "\x", "code": "c"}"#);
}

#[test]
fn what_the_reader_refuses_and_why() {
    assert_eq!(from_json::<i64>("1.5"), Err(JsonError::Shape));
    assert_eq!(from_json::<i64>("1e3"), Err(JsonError::Shape));
    assert_eq!(from_json::<i64>("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(from_json::<u64>("18446744073709551615"), Ok(u64::MAX));
    assert_eq!(
        from_json::<u64>("18446744073709551616"),
        Err(JsonError::Shape)
    );
    assert_eq!(from_json::<i64>("-"), Err(JsonError::Syntax(1)));
    assert_eq!(from_json::<i64>(" 7 "), Ok(7));
    assert_eq!(from_json::<bool>("tru"), Err(JsonError::Syntax(0)));
    assert_eq!(from_json::<String>("\"a"), Err(JsonError::Syntax(2)));
    assert_eq!(from_json::<String>("1"), Err(JsonError::Shape));
    assert_eq!(from_json::<()>("null"), Ok(()));
    assert_eq!(from_json::<Option<i64>>("null"), Ok(None));
    // Nesting deep enough to exhaust the stack is refused, not followed.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        from_json::<Vec<()>>(&deep),
        Err(JsonError::Syntax(_))
    ));
    let nested = |depth: usize| {
        format!(
            r#"{{"notices": [], "upcoming_terms": [], "x": {}1{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    assert!(from_json::<Notices>(&nested(63)).is_ok());
    assert!(matches!(
        from_json::<Notices>(&nested(64)),
        Err(JsonError::Syntax(_))
    ));
}

/// The differences the module documents, on input no API answer has.
#[test]
fn where_the_app_is_stricter_than_serde() {
    // `-0` is a float to serde_json, so both refuse it for an integer member.
    both_refuse::<PublishedVersion>(r#"{"id": -0, "effective_at": 0}"#);
    // A repeated member: serde refuses, the app keeps the last.
    let repeated = r#"{"id": 1, "id": 2, "effective_at": 0}"#;
    assert!(serde_json::from_str::<PublishedVersion>(repeated).is_err());
    assert_eq!(from_json::<PublishedVersion>(repeated).unwrap().id, 2);
    // A lone surrogate escape in a member the type does not know: serde skips it unread.
    let lone = r#"{"id": 1, "effective_at": 0, "x": "\ud800"}"#;
    assert!(serde_json::from_str::<PublishedVersion>(lone).is_ok());
    assert!(matches!(
        from_json::<PublishedVersion>(lone),
        Err(JsonError::Syntax(_))
    ));
}

#[test]
fn writing_escapes_what_json_requires_and_nothing_else() {
    let text = "\"\\\n\r\t\u{1}\u{1f}/ä😀".to_owned();
    let written = to_json(&text);
    assert_eq!(written, r#""\"\\\n\r\t\u0001\u001f/ä😀""#);
    assert_eq!(serde_json::from_str::<String>(&written).unwrap(), text);
    assert_eq!(from_json::<String>(&written).unwrap(), text);
}
