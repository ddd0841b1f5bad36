//! Accounts: search, page through, create, edit, reset passwords, deactivate.

use arkki_api::account::Role;
use arkki_api::admin::{AdministeredAccount, InitialPassword, Organisation};
use leptos::prelude::*;

use crate::account::session::use_session;
use crate::admin::account_editor::AccountEditor;
use crate::admin::deletion_requests::DeletionRequests;
use crate::admin::initial_password_notice::InitialPasswordNotice;
use crate::admin::new_account_form::NewAccountForm;
use crate::api::{self, ApiAction, ApiResource};
use crate::i18n::use_i18n;
use crate::ui::{Loading, PageCursor, Pager, ProblemMessage};

/// The roles an account in `organisation` may be given by the signed-in user.
pub fn roles_on_offer(
    organisations: &[Organisation],
    organisation_id: Option<i64>,
    is_admin: bool,
) -> Vec<Role> {
    let mut roles: Vec<Role> = organisation_id
        .and_then(|id| organisations.iter().find(|o| o.id == id))
        .map(|o| o.kind.roles().to_vec())
        .unwrap_or_default();
    if is_admin {
        roles.insert(0, Role::Administrator);
    }
    roles
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let cursor = PageCursor::new();
    let accounts = ApiResource::new(move || api::accounts(query.get(), cursor.current()));
    let organisations = ApiResource::new(|| api::organisations(None));
    let organisation_list = Signal::derive(move || {
        organisations
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let issued = RwSignal::new(None::<InitialPassword>);
    let reload = Callback::new(move |_| accounts.refetch());
    let on_issued = Callback::new(move |p: InitialPassword| {
        issued.set(Some(p));
        accounts.refetch();
    });
    view! {
        <h1>{i18n.text("users.title")}</h1>
        <InitialPasswordNotice issued on_done=Callback::new(move |_| issued.set(None)) />
        <DeletionRequests on_completed=reload />
        <NewAccountForm organisations=organisation_list on_created=on_issued />
        <section class="card" aria-labelledby="users-list">
            <h2 id="users-list">{i18n.text("users.list")}</h2>
            <div class="field">
                <label for="users-search">{i18n.text("users.search")}</label>
                <input
                    id="users-search"
                    type="search"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        cursor.reset();
                        query.set(event_target_value(&ev));
                    }
                />
            </div>
            <Loading>
                    {move || Suspend::new(async move {
                        accounts.await.map(|page| {
                            let next = page.next.clone();
                            let empty = page.items.is_empty();
                            view! {
                                {empty.then(|| view! { <p>{i18n.t("users.none")}</p> })}
                                <ul class="account-list">
                                    <For
                                        each=move || page.items.clone()
                                        key=|a| (a.user.id, a.user.version)
                                        let:account
                                    >
                                        <AccountRow account organisations=organisation_list on_changed=reload on_issued />
                                    </For>
                                </ul>
                                <Pager cursor next />
                            }
                        })
                    })}
                </Loading>
        </section>
    }
}

/// One account: its facts and the actions its `can` allows.
#[component]
fn AccountRow(
    /// The account as loaded, with what the signed-in user may do to it.
    account: AdministeredAccount,
    /// All organisations the signed-in user administers, for role choices.
    #[prop(into)]
    organisations: Signal<Vec<Organisation>>,
    /// Runs after an edit was saved.
    on_changed: Callback<()>,
    /// Runs with a freshly reset password.
    on_issued: Callback<InitialPassword>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let user = account.user.clone();
    let id = user.id;
    let reset = ApiAction::new();
    let error = reset.error();
    reset.on_answer(move |issued| on_issued.run(issued));
    let confirm_reset = move |_| {
        let question = i18n.t("users.confirm_reset");
        if window().confirm_with_message(&question).unwrap_or(false) {
            reset.send(api::reset_password(id));
        }
    };
    let roles = user
        .roles
        .iter()
        .map(|r| i18n.t(&format!("role.{}", r.as_str())))
        .collect::<Vec<_>>()
        .join(", ");
    let status = if user.active {
        i18n.t("users.active")
    } else {
        i18n.t("users.inactive")
    };
    let can = account.can.clone();
    let reason = can
        .reason
        .map(|r| i18n.t(&format!("reason.{}", r.as_str())));
    let editor_account = account.clone();
    view! {
        <li class="account" class:inactive=!user.active>
            <div class="account-facts">
                <strong>{user.display_name.clone()}</strong>
                " (" <span>{user.username.clone()}</span> ")"
                <span>{user.organisation.as_ref().map(|o| o.name.clone())}</span>
                <span>{roles}</span>
                <span class="tag">{status}</span>
            </div>
            <div class="account-actions">
                <button type="button" disabled=!can.edit aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>
                    {i18n.t("action.edit")}
                    <span class="visually-hidden">{format!(" {}", user.username)}</span>
                </button>
                <button type="button" disabled=!can.reset_password on:click=confirm_reset>
                    {i18n.t("users.reset_password")}
                    <span class="visually-hidden">{format!(" {}", user.username)}</span>
                </button>
                {reason.map(|r| view! { <span class="hint">{r}</span> })}
            </div>
            <ProblemMessage error />
            <Show when=move || editing.get()>
                <AccountEditor
                    account=editor_account.clone()
                    organisations
                    on_saved=Callback::new(move |_| {
                        editing.set(false);
                        on_changed.run(());
                    })
                />
            </Show>
        </li>
    }
}

/// Whether the signed-in user is a platform administrator.
pub fn signed_in_as_admin() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || {
        session
            .me
            .get()
            .is_some_and(|m| m.user.has_role(Role::Administrator))
    })
}
