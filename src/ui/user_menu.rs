//! The signed-in person's name, their account page and signing out.

use leptos::prelude::*;

use crate::account::session::{use_session, use_sign_out};
use crate::i18n::use_i18n;

/// A disclosure button with the user's display name; opens account and sign-out actions.
/// Escape closes it and returns focus to the button.
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let name = move || {
        session
            .me
            .get()
            .map(|me| me.user.display_name)
            .unwrap_or_default()
    };
    let sign_out = use_sign_out();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <div class="user-menu" on:keydown=on_keydown>
            <button
                type="button"
                node_ref=button
                aria-expanded=move || open.get().to_string()
                aria-controls="user-menu-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="visually-hidden">{i18n.text("user_menu.label")} " "</span>
                {name}
            </button>
            <div id="user-menu-panel" class="user-menu-panel" hidden=move || !open.get()>
                <a href="/account" on:click=move |_| open.set(false)>
                    {i18n.text("nav.account")}
                </a>
                <a href="/terms" on:click=move |_| open.set(false)>
                    {i18n.text("nav.my_terms")}
                </a>
                <button type="button" on:click=sign_out>
                    {i18n.text("action.sign_out")}
                </button>
            </div>
        </div>
    }
}
