//! Changing the own password, used by the forced-change page and the account page.

use arkki_api::account::{broken_password_rules, Me, PasswordChange};
use leptos::prelude::*;

use crate::account::password_rules::PasswordRules;
use crate::account::session::use_session;
use crate::api::{self, ApiAction};
use crate::i18n::use_i18n;
use crate::ui::{FieldMessage, ProblemMessage};

/// Current password, a new one checked against the rules as typed, and its repetition.
#[component]
pub fn PasswordChangeForm(
    /// Runs with the updated account once the server accepted the new password.
    on_changed: Callback<Me>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let username = Signal::derive(move || {
        session
            .me
            .get()
            .map(|m| m.user.username)
            .unwrap_or_default()
    });
    let mismatch = move || !repeat.get().is_empty() && repeat.get() != new.get();

    let change = ApiAction::new();
    let error = change.error();
    change.on_answer(move |me: arkki_api::account::Me| {
        current.set(String::new());
        new.set(String::new());
        repeat.set(String::new());
        session.me.set(Some(me.clone()));
        on_changed.run(me);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if mismatch()
            || !broken_password_rules(&new.get_untracked(), &username.get_untracked()).is_empty()
        {
            return;
        }
        change.send(api::change_password(&PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        }));
    };
    view! {
        <form class="password-change" on:submit=submit>
            <div class="field">
                <label for="current-password">{i18n.text("field.current_password")}</label>
                <input
                    id="current-password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-describedby="current-password-message"
                    bind:value=current
                />
                <FieldMessage id="current-password-message" field="current_password" error />
            </div>
            <div class="field">
                <label for="new-password">{i18n.text("field.new_password")}</label>
                <input
                    id="new-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-describedby="password-rules"
                    bind:value=new
                />
                <PasswordRules password=new username />
            </div>
            <div class="field">
                <label for="repeat-password">{i18n.text("field.repeat_password")}</label>
                <input
                    id="repeat-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-invalid=move || mismatch().to_string()
                    aria-describedby="repeat-password-message"
                    bind:value=repeat
                />
                <p class="field-message" id="repeat-password-message">
                    {move || mismatch().then(|| i18n.t("password.mismatch"))}
                </p>
            </div>
            <ProblemMessage error />
            <button
                type="submit"
                class="primary"
                disabled=move || {
                    change.pending().get() || mismatch()
                        || !broken_password_rules(&new.get(), &username.get()).is_empty()
                }
            >
                {i18n.text("password.submit")}
            </button>
        </form>
    }
}
