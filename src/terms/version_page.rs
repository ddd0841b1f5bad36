//! Reading one published version: the exact text accepted, or an announced new one.

use arkki_api::account::Locale;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{terms as api_terms, ApiResource};
use crate::i18n::use_i18n;
use crate::terms::format_date;
use crate::terms::terms_text::TermsText;
use crate::ui::Loading;

#[component]
pub fn VersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let text = ApiResource::new(move || {
        let id: i64 = params
            .read()
            .get("id")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let locale = query
            .read()
            .get("locale")
            .and_then(|l| Locale::from_code(&l))
            .unwrap_or_else(|| i18n.locale.get());
        api_terms::version(id, locale)
    });
    view! {
        <Loading>
                {move || Suspend::new(async move {
                    text.await.map(|text| {
                        let effective = text.effective_at;
                        view! {
                            <h1 id="version-heading">{text.title.clone()}</h1>
                            <p class="hint">
                                {move || effective.map(|at| i18n.t_with(
                                    "terms.effective_from",
                                    &[("date", &format_date(at, i18n.locale.get()))],
                                ))}
                                " · SHA-256 " <code class="hash">{text.content_sha256.clone()}</code>
                            </p>
                            <TermsText text heading_id="version-heading" />
                        }
                    })
                })}
            </Loading>
    }
}
