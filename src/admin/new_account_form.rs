//! Creating an account; the server answers with a one-time initial password.

use arkki_api::account::{Locale, Role};
use arkki_api::admin::{InitialPassword, NewAccount, Organisation};
use leptos::prelude::*;

use crate::admin::role_checkboxes::RoleCheckboxes;
use crate::admin::users_page::{roles_on_offer, signed_in_as_admin};
use crate::api::{self, ApiAction};
use crate::i18n::use_i18n;
use crate::ui::{FieldMessage, ProblemMessage};

#[component]
pub fn NewAccountForm(
    /// Organisations the signed-in user may create accounts in.
    #[prop(into)]
    organisations: Signal<Vec<Organisation>>,
    /// Runs with the created account and its initial password.
    on_created: Callback<InitialPassword>,
) -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = signed_in_as_admin();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let chosen_org = RwSignal::new(None::<i64>);
    let roles = RwSignal::new(Vec::<Role>::new());
    // Default to the first organisation once they are known.
    Effect::new(move |_| {
        if chosen_org.get_untracked().is_none() {
            if let Some(first) = organisations.get().first() {
                chosen_org.set(Some(first.id));
            }
        }
    });
    let organisation_id = Signal::derive(move || chosen_org.get());
    let offered = Signal::derive(move || {
        roles_on_offer(&organisations.get(), organisation_id.get(), is_admin.get())
    });
    let create = ApiAction::new();
    let error = create.error();
    create.on_answer(move |issued| {
        username.set(String::new());
        display_name.set(String::new());
        email.set(String::new());
        roles.set(Vec::new());
        on_created.run(issued);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.send(api::create_account(&NewAccount {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            email: email.get_untracked(),
            locale: Locale::Fi,
            organisation_id: organisation_id.get_untracked(),
            roles: roles.get_untracked(),
        }));
    };
    view! {
        <section class="card" aria-labelledby="new-account">
            <h2 id="new-account">{i18n.text("users.new")}</h2>
            <form on:submit=submit>
                <div class="field">
                    <label for="new-account-username">{i18n.text("field.username")}</label>
                    <input id="new-account-username" required maxlength="32" autocomplete="off"
                        autocapitalize="none" aria-describedby="new-account-username-message"
                        bind:value=username />
                    <FieldMessage id="new-account-username-message" field="username" error />
                </div>
                <div class="field">
                    <label for="new-account-name">{i18n.text("field.display_name")}</label>
                    <input id="new-account-name" required maxlength="100"
                        aria-describedby="new-account-name-message" bind:value=display_name />
                    <FieldMessage id="new-account-name-message" field="display_name" error />
                </div>
                <div class="field">
                    <label for="new-account-email">{i18n.text("field.email")}</label>
                    <input id="new-account-email" type="email"
                        aria-describedby="new-account-email-message" bind:value=email />
                    <FieldMessage id="new-account-email-message" field="email" error />
                </div>
                <div class="field">
                    <label for="new-account-organisation">{i18n.text("field.organisation")}</label>
                    <select id="new-account-organisation" on:change=move |ev| {
                        chosen_org.set(event_target_value(&ev).parse().ok());
                        roles.set(Vec::new());
                    }>
                        <Show when=move || is_admin.get()>
                            <option value="" selected=move || chosen_org.get().is_none()>
                                {i18n.text("users.no_organisation")}
                            </option>
                        </Show>
                        <For each=move || organisations.get() key=|o| o.id let:organisation>
                            <option value=organisation.id.to_string()
                                selected=move || chosen_org.get() == Some(organisation.id)>
                                {organisation.name.clone()}
                            </option>
                        </For>
                    </select>
                </div>
                <RoleCheckboxes id_prefix="new-account-role".to_owned() offered chosen=roles />
                <ProblemMessage error />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {i18n.text("users.create")}
                </button>
            </form>
        </section>
    }
}
