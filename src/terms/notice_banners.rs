//! Banners for service notices and for terms that take effect later.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::account::session::use_session;
use arkki_api::terms::{NoticeKind, Notices};

use crate::api::terms as api_terms;
use crate::i18n::use_i18n;
use crate::terms::format_date;

/// Shown under the header to a signed-in person; a dismissed notice stays dismissed.
#[component]
pub fn NoticeBanners() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let notices = LocalResource::new(move || {
        let signed_in = session
            .me
            .get()
            .is_some_and(|m| !m.user.must_change_password);
        async move {
            if signed_in {
                api_terms::notices().await.unwrap_or_default()
            } else {
                Notices::default()
            }
        }
    });
    let dismissed = RwSignal::new(Vec::<i64>::new());
    let dismiss = move |id: i64| {
        dismissed.update(|d| d.push(id));
        leptos::task::spawn_local(async move {
            let _ = api_terms::dismiss_notice(id).await;
        });
    };
    let current = move || notices.get().unwrap_or_default();
    let visible_notices = move || {
        let gone = dismissed.get();
        current()
            .notices
            .into_iter()
            .filter(|n| !gone.contains(&n.id))
            .collect::<Vec<_>>()
    };
    let nothing = move || visible_notices().is_empty() && current().upcoming_terms.is_empty();
    view! {
        <div class="notices" role="region" aria-label=move || i18n.t("notices.label") hidden=nothing>
            <For each=move || current().upcoming_terms key=|u| u.version_id let:upcoming>
                <p class="notice">
                    {move || i18n.t_with("notices.upcoming_terms", &[
                        ("title", &upcoming.title),
                        ("date", &format_date(upcoming.effective_at, i18n.locale.get())),
                    ])}
                    " "
                    <A href=format!("/terms/versions/{}", upcoming.version_id)>{move || i18n.t("notices.read_new_terms")}</A>
                </p>
            </For>
            <For
                each=visible_notices
                key=|n| n.id
                let:notice
            >
                <div class="notice" class:maintenance=notice.kind == NoticeKind::Maintenance>
                    <p>
                        {notice.text.clone()}
                        {match (notice.starts_at, notice.ends_at) {
                            (Some(s), Some(e)) => Some(move || format!(
                                " ({} – {})",
                                format_date(s, i18n.locale.get()),
                                format_date(e, i18n.locale.get())
                            )),
                            _ => None,
                        }}
                    </p>
                    <button type="button" on:click=move |_| dismiss(notice.id)>
                        {move || i18n.t("action.dismiss")}
                    </button>
                </div>
            </For>
        </div>
    }
}
