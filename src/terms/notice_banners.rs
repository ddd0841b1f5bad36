//! Banners for service notices and for terms that take effect later.

use leptos::prelude::*;

use crate::account::session::use_session;
use arkki_api::terms::NoticeKind;

use crate::api::{terms as api_terms, ApiResource};
use crate::i18n::use_i18n;
use crate::terms::format_date;

/// Shown under the header to a signed-in person; a dismissed notice stays dismissed.
#[component]
pub fn NoticeBanners() -> impl IntoView {
    let session = use_session();
    let signed_in = Memo::new(move |_| {
        session
            .me
            .get()
            .is_some_and(|m| !m.user.must_change_password)
    });
    view! {
        <Show when=move || signed_in.get()>
            <CurrentNotices />
        </Show>
    }
}

/// The notices and upcoming terms for the signed-in person, loaded once per sign-in.
#[component]
fn CurrentNotices() -> impl IntoView {
    let i18n = use_i18n();
    let notices = ApiResource::new(api_terms::notices);
    let dismissed = RwSignal::new(Vec::<i64>::new());
    let dismiss = move |id: i64| {
        dismissed.update(|d| d.push(id));
        leptos::task::spawn_local(async move {
            let _ = api_terms::dismiss_notice(id).await;
        });
    };
    // Notices are a courtesy: failing to load them must not disturb the page.
    let current = move || notices.get().and_then(Result::ok).unwrap_or_default();
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
        <div class="notices" role="region" aria-label=i18n.text("notices.label") hidden=nothing>
            <For each=move || current().upcoming_terms key=|u| u.version_id let:upcoming>
                <p class="notice">
                    {move || i18n.t_with("notices.upcoming_terms", &[
                        ("title", &upcoming.title),
                        ("date", &format_date(upcoming.effective_at, i18n.locale.get())),
                    ])}
                    " "
                    <a href=format!("/terms/versions/{}", upcoming.version_id)>{i18n.text("notices.read_new_terms")}</a>
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
                        {i18n.text("action.dismiss")}
                    </button>
                </div>
            </For>
        </div>
    }
}
