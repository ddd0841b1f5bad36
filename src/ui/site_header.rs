//! The header on every page: skip link, product name, navigation by role, user menu and
//! language switch.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::account::session::use_session;
use crate::i18n::use_i18n;
use crate::ui::language_switch::LanguageSwitch;
use crate::ui::user_menu::UserMenu;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let can = move || session.me.get().map(|me| me.can).unwrap_or_default();
    let signed_in = move || {
        session
            .me
            .get()
            .is_some_and(|me| !me.user.must_change_password)
    };
    view! {
        <a class="skip-link" href="#main">{i18n.text("nav.skip")}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">{i18n.text("app.name")}</A>
            <Show when=signed_in>
                <nav aria-label=i18n.text("nav.label")>
                    <ul>
                        <li><A href="/" exact=true>{i18n.text("nav.home")}</A></li>
                        <Show when=move || can().administer_organisations>
                            <li><A href="/admin/organisations">{i18n.text("nav.organisations")}</A></li>
                        </Show>
                        <Show when=move || can().administer_users>
                            <li><A href="/admin/users">{i18n.text("nav.users")}</A></li>
                        </Show>
                        <Show when=move || can().administer_terms>
                            <li><A href="/admin/terms">{i18n.text("nav.admin_terms")}</A></li>
                        </Show>
                    </ul>
                </nav>
            </Show>
            <div class="header-tools">
                <LanguageSwitch />
                <Show when=move || session.me.get().is_some()>
                    <UserMenu />
                </Show>
            </div>
        </header>
    }
}
