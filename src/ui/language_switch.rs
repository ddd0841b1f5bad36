//! Choosing the language; remembered on the device and, when signed in, in the profile.

use arkki_api::account::{Locale, ProfileUpdate};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::session::use_session;
use crate::api;
use crate::i18n::use_i18n;

/// A labelled select of the three languages, each named in itself.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let change = move |ev: leptos::ev::Event| {
        let Some(locale) = Locale::from_code(&event_target_value(&ev)) else {
            return;
        };
        i18n.set(locale);
        if session.me.get_untracked().is_some() {
            spawn_local(async move {
                if let Ok(me) = api::update_profile(&ProfileUpdate {
                    locale: Some(locale),
                    ..Default::default()
                })
                .await
                {
                    session.me.set(Some(me));
                }
            });
        }
    };
    view! {
        <div class="language-switch">
            <label for="language-switch">{i18n.text("language.label")}</label>
            <select id="language-switch" on:change=change>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <option
                                value=locale.code()
                                lang=locale.code()
                                selected=move || i18n.locale.get() == locale
                            >
                                {locale.endonym()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
