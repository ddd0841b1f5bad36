//! Editing one account's name, email, roles and whether it may sign in.

use arkki_api::admin::{AccountUpdate, AdministeredAccount, Organisation};
use leptos::prelude::*;

use crate::admin::role_checkboxes::RoleCheckboxes;
use crate::admin::users_page::{roles_on_offer, signed_in_as_admin};
use crate::api::{self, ApiAction};
use crate::i18n::use_i18n;
use crate::ui::{use_toasts, ProblemMessage};

#[component]
pub fn AccountEditor(
    /// The account as loaded; its version guards the save.
    account: AdministeredAccount,
    /// Organisations, for the roles each allows.
    #[prop(into)]
    organisations: Signal<Vec<Organisation>>,
    /// Runs after the server saved the change.
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let is_admin = signed_in_as_admin();
    let user = account.user;
    let id = user.id;
    let display_name = RwSignal::new(user.display_name.clone());
    let email = RwSignal::new(user.email.clone());
    let roles = RwSignal::new(user.roles.clone());
    let active = RwSignal::new(user.active);
    let organisation_id = user.organisation.as_ref().map(|o| o.id);
    let offered = Signal::derive(move || {
        roles_on_offer(&organisations.get(), organisation_id, is_admin.get())
    });
    let can = account.can;
    let version = user.version;
    let save = ApiAction::new();
    let error = save.error();
    save.on_answer(move |saved: AdministeredAccount| {
        toasts.show(i18n.t_with("users.saved", &[("name", &saved.user.display_name)]));
        on_saved.run(());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.send(api::update_account(
            id,
            &AccountUpdate {
                display_name: Some(display_name.get_untracked()),
                email: Some(email.get_untracked()),
                roles: can.change_roles.then(|| roles.get_untracked()),
                active: can.deactivate.then(|| active.get_untracked()),
                version,
            },
        ));
    };
    let name_id = format!("account-{id}-name");
    let email_id = format!("account-{id}-email");
    let role_prefix = format!("account-{id}-role");
    let active_id = format!("account-{id}-active");
    view! {
        <form class="account-editor" on:submit=submit>
            <div class="field">
                <label for=name_id.clone()>{i18n.text("field.display_name")}</label>
                <input id=name_id required maxlength="100" bind:value=display_name />
            </div>
            <div class="field">
                <label for=email_id.clone()>{i18n.text("field.email")}</label>
                <input id=email_id type="email" bind:value=email />
            </div>
            {can.change_roles.then(|| view! {
                <RoleCheckboxes id_prefix=role_prefix offered chosen=roles />
            })}
            {can.deactivate.then(|| view! {
                <div class="checkbox">
                    <input type="checkbox" id=active_id.clone() bind:checked=active />
                    <label for=active_id>{i18n.text("users.may_sign_in")}</label>
                </div>
            })}
            <ProblemMessage error />
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {i18n.text("action.save")}
            </button>
        </form>
    }
}
