//! The password rules as a checklist that ticks itself while the person types.

use arkki_api::account::PasswordRule;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Lists every rule from `arkki_api` and whether the proposed password meets it.
#[component]
pub fn PasswordRules(
    /// The proposed password.
    #[prop(into)]
    password: Signal<String>,
    /// The account's username; a password must not contain it.
    #[prop(into)]
    username: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="password-rules" id="password-rules">
            {PasswordRule::ALL
                .into_iter()
                .map(|rule| {
                    let met = move || rule.is_met(&password.get(), &username.get());
                    view! {
                        <li class:met=met>
                            <span aria-hidden="true">{move || if met() { "✓ " } else { "• " }}</span>
                            {move || i18n.t(&format!("password_rule.{}", rule.code()))}
                            <span class="visually-hidden">
                                {move || {
                                    if met() { i18n.t("password_rule.met") } else { i18n.t("password_rule.unmet") }
                                }}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
