//! An initial password, shown once to the administrator who created or reset it.

use arkki_api::admin::InitialPassword;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Shows whose password it is and the password itself, to hand over in person.
#[component]
pub fn InitialPasswordNotice(
    /// The new account or reset password; nothing is shown while `None`.
    #[prop(into)]
    issued: Signal<Option<InitialPassword>>,
    /// Hides the notice once the administrator has noted the password.
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        issued.get().map(|issued| {
            view! {
                <div class="initial-password" role="alert">
                    <p>
                        {i18n.t_with(
                            "admin.initial_password_for",
                            &[("name", &issued.user.display_name), ("username", &issued.user.username)],
                        )}
                    </p>
                    <p class="secret"><code>{issued.initial_password.clone()}</code></p>
                    <p>{i18n.t("admin.initial_password_once")}</p>
                    <button type="button" on:click=move |_| on_done.run(())>
                        {i18n.t("action.done")}
                    </button>
                </div>
            }
        })
    }
}
