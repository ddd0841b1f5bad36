//! Administration of organisations and accounts, and who may administer whom.

use serde::{Deserialize, Serialize};

use crate::json::{FromJson, ToJson};

use crate::account::{Locale, OrganisationRef, Role, User};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum OrganisationKind {
    School,
    Company,
}

crate::wire::wire_code! {
    OrganisationKind, as_str, parse {
        School => "school",
        Company => "company",
    }
}

impl OrganisationKind {
    /// The organisation roles that make sense in this kind of organisation.
    pub fn roles(self) -> &'static [Role] {
        match self {
            OrganisationKind::School => &[Role::OrganisationAdmin, Role::Teacher, Role::Student],
            OrganisationKind::Company => &[Role::OrganisationAdmin, Role::KeyUser, Role::Member],
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct OrganisationCapabilities {
    pub rename: bool,
    pub manage_users: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub version: i64,
    pub can: OrganisationCapabilities,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct OrganisationRename {
    pub name: String,
    pub version: i64,
}

/// Why an action on an account is not offered; the app explains it with `reason.<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum RefusalReason {
    NotYourOrganisation,
    NotAnAdministrator,
    OwnAccount,
}

crate::wire::wire_code! {
    RefusalReason, as_str, parse {
        NotYourOrganisation => "not_your_organisation",
        NotAnAdministrator => "not_an_administrator",
        OwnAccount => "own_account",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct AccountAdminCapabilities {
    pub edit: bool,
    pub reset_password: bool,
    pub deactivate: bool,
    pub change_roles: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RefusalReason>,
}

/// An account as an administrator sees it in the user list: the user's fields and `can`
/// side by side in one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(from = "AdministeredAccountWire", into = "AdministeredAccountWire")]
pub struct AdministeredAccount {
    pub user: User,
    pub can: AccountAdminCapabilities,
}

/// [`AdministeredAccount`] as sent, spelt out: `#[serde(flatten)]` would buffer every field
/// first, code that is large in the web app's bundle.
#[derive(Serialize, Deserialize, FromJson, ToJson)]
struct AdministeredAccountWire {
    id: i64,
    username: String,
    display_name: String,
    email: String,
    locale: Locale,
    organisation: Option<OrganisationRef>,
    roles: Vec<Role>,
    must_change_password: bool,
    active: bool,
    version: i64,
    can: AccountAdminCapabilities,
}

impl From<AdministeredAccountWire> for AdministeredAccount {
    fn from(w: AdministeredAccountWire) -> Self {
        AdministeredAccount {
            user: User {
                id: w.id,
                username: w.username,
                display_name: w.display_name,
                email: w.email,
                locale: w.locale,
                organisation: w.organisation,
                roles: w.roles,
                must_change_password: w.must_change_password,
                active: w.active,
                version: w.version,
            },
            can: w.can,
        }
    }
}

impl From<AdministeredAccount> for AdministeredAccountWire {
    fn from(a: AdministeredAccount) -> Self {
        let u = a.user;
        AdministeredAccountWire {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            locale: u.locale,
            organisation: u.organisation,
            roles: u.roles,
            must_change_password: u.must_change_password,
            active: u.active,
            version: u.version,
            can: a.can,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, FromJson, ToJson)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub locale: Locale,
    pub organisation_id: Option<i64>,
    pub roles: Vec<Role>,
}

/// The answer to creating an account or resetting its password: the initial password
/// is shown exactly once and never stored in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct InitialPassword {
    pub user: User,
    pub initial_password: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, FromJson, ToJson)]
pub struct AccountUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    pub version: i64,
}

/// A person's request to have their account deleted, awaiting an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct DeletionRequest {
    pub id: i64,
    pub user: User,
    pub requested_at: i64,
}

/// Administrators run the platform; organisation admins run their own organisation.
pub fn may_administer_organisations(actor: &User) -> bool {
    actor.has_role(Role::Administrator)
}

/// Whether `actor` may administer accounts of the organisation `target_org` (None: no
/// organisation, which only platform administrators reach).
pub fn may_administer_accounts_in(actor: &User, target_org: Option<i64>) -> bool {
    if actor.has_role(Role::Administrator) {
        return true;
    }
    actor.has_role(Role::OrganisationAdmin)
        && target_org.is_some()
        && actor.organisation.as_ref().map(|o| o.id) == target_org
}

/// Whether `actor` may administer any accounts at all (the user pages in the app).
pub fn may_administer_accounts(actor: &User) -> bool {
    actor.has_role(Role::Administrator)
        || (actor.has_role(Role::OrganisationAdmin) && actor.organisation.is_some())
}

/// Whether `actor` may hand out `roles` to an account of `org_kind` (None: no organisation).
pub fn may_assign_roles(actor: &User, org_kind: Option<OrganisationKind>, roles: &[Role]) -> bool {
    roles.iter().all(|role| match role {
        Role::Administrator => actor.has_role(Role::Administrator),
        other => org_kind.is_some_and(|kind| kind.roles().contains(other)),
    })
}

/// What `actor` may do to `target`'s account, with the reason when something is refused.
pub fn account_capabilities(actor: &User, target: &User) -> AccountAdminCapabilities {
    let target_org = target.organisation.as_ref().map(|o| o.id);
    if !may_administer_accounts_in(actor, target_org) {
        return AccountAdminCapabilities {
            reason: Some(RefusalReason::NotYourOrganisation),
            ..Default::default()
        };
    }
    // Only administrators touch administrators: an organisation admin must not be able to
    // lock the platform's administrators out.
    if target.has_role(Role::Administrator) && !actor.has_role(Role::Administrator) {
        return AccountAdminCapabilities {
            reason: Some(RefusalReason::NotAnAdministrator),
            ..Default::default()
        };
    }
    let own = actor.id == target.id;
    AccountAdminCapabilities {
        edit: true,
        reset_password: !own,
        deactivate: !own,
        change_roles: !own,
        reason: own.then_some(RefusalReason::OwnAccount),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administered_account_is_one_flat_object() {
        let account = AdministeredAccount {
            user: User {
                id: 7,
                username: "maija".into(),
                display_name: "Maija".into(),
                email: String::new(),
                locale: Locale::Sv,
                organisation: Some(OrganisationRef {
                    id: 2,
                    name: "Koulu".into(),
                }),
                roles: vec![Role::Teacher],
                must_change_password: false,
                active: true,
                version: 3,
            },
            can: AccountAdminCapabilities::default(),
        };
        let json = serde_json::to_value(&account).unwrap();
        assert_eq!(json["username"], "maija");
        assert_eq!(json["organisation"]["id"], 2);
        assert_eq!(json["can"]["edit"], false);
        assert!(json.get("user").is_none());
        let back: AdministeredAccount = serde_json::from_value(json).unwrap();
        assert_eq!(back, account);
    }

    fn person(id: i64, org: Option<i64>, roles: &[Role]) -> User {
        User {
            id,
            username: format!("u{id}"),
            display_name: format!("U {id}"),
            email: String::new(),
            locale: Locale::Fi,
            organisation: org.map(|id| OrganisationRef {
                id,
                name: format!("Org {id}"),
            }),
            roles: roles.to_vec(),
            must_change_password: false,
            active: true,
            version: 1,
        }
    }

    #[test]
    fn who_administers_accounts_where() {
        let admin = person(1, None, &[Role::Administrator]);
        let school_admin = person(2, Some(10), &[Role::OrganisationAdmin]);
        let teacher = person(3, Some(10), &[Role::Teacher]);
        let orgless_org_admin = person(4, None, &[Role::OrganisationAdmin]);

        for org in [None, Some(10), Some(11)] {
            assert!(may_administer_accounts_in(&admin, org));
            assert!(!may_administer_accounts_in(&teacher, org));
            assert!(!may_administer_accounts_in(&orgless_org_admin, org));
        }
        assert!(may_administer_accounts_in(&school_admin, Some(10)));
        assert!(!may_administer_accounts_in(&school_admin, Some(11)));
        assert!(!may_administer_accounts_in(&school_admin, None));

        assert!(may_administer_accounts(&admin));
        assert!(may_administer_accounts(&school_admin));
        assert!(!may_administer_accounts(&teacher));
        assert!(!may_administer_accounts(&orgless_org_admin));

        assert!(may_administer_organisations(&admin));
        assert!(!may_administer_organisations(&school_admin));
        assert!(!may_administer_organisations(&teacher));
    }

    #[test]
    fn roles_must_fit_the_organisation_and_only_admins_make_admins() {
        let admin = person(1, None, &[Role::Administrator]);
        let school_admin = person(2, Some(10), &[Role::OrganisationAdmin]);
        let school = Some(OrganisationKind::School);
        let company = Some(OrganisationKind::Company);

        assert!(may_assign_roles(
            &school_admin,
            school,
            &[Role::Teacher, Role::Student]
        ));
        assert!(may_assign_roles(&school_admin, school, &[]));
        assert!(!may_assign_roles(
            &school_admin,
            school,
            &[Role::Administrator]
        ));
        assert!(!may_assign_roles(&school_admin, school, &[Role::KeyUser]));
        assert!(may_assign_roles(
            &admin,
            company,
            &[Role::KeyUser, Role::Member]
        ));
        assert!(!may_assign_roles(&admin, company, &[Role::Student]));
        assert!(may_assign_roles(&admin, None, &[Role::Administrator]));
        assert!(!may_assign_roles(&admin, None, &[Role::Teacher]));
        for role in Role::ALL {
            let allowed = may_assign_roles(&school_admin, school, &[role]);
            assert_eq!(
                allowed,
                OrganisationKind::School.roles().contains(&role),
                "{role:?}"
            );
        }
    }

    #[test]
    fn capabilities_explain_refusals() {
        let admin = person(1, None, &[Role::Administrator]);
        let other_admin = person(5, None, &[Role::Administrator]);
        let school_admin = person(2, Some(10), &[Role::OrganisationAdmin]);
        let student = person(3, Some(10), &[Role::Student]);
        let stranger = person(4, Some(11), &[Role::Student]);
        let admin_in_school = person(6, Some(10), &[Role::Administrator]);

        let c = account_capabilities(&school_admin, &student);
        assert!(c.edit && c.reset_password && c.deactivate && c.change_roles);
        assert_eq!(c.reason, None);

        let c = account_capabilities(&school_admin, &stranger);
        assert!(!c.edit && !c.reset_password && !c.deactivate && !c.change_roles);
        assert_eq!(c.reason, Some(RefusalReason::NotYourOrganisation));

        let c = account_capabilities(&school_admin, &admin_in_school);
        assert!(!c.edit && !c.deactivate);
        assert_eq!(c.reason, Some(RefusalReason::NotAnAdministrator));

        let c = account_capabilities(&admin, &other_admin);
        assert!(c.edit && c.deactivate && c.change_roles);

        let c = account_capabilities(&admin, &admin);
        assert!(c.edit && !c.deactivate && !c.change_roles && !c.reset_password);
        assert_eq!(c.reason, Some(RefusalReason::OwnAccount));
    }
}
