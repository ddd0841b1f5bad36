//! API problems as translated sentences.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{use_i18n, I18n};
use arkki_api::ErrorCode;

/// The sentence for a problem, in the current language, with field details.
pub fn describe(i18n: I18n, error: &ApiError) -> String {
    let mut text = match (error.code, error.retry_after) {
        (ErrorCode::RateLimited, Some(seconds)) => {
            let minutes = seconds.div_ceil(60).to_string();
            i18n.t_with("error.rate_limited_wait", &[("minutes", &minutes)])
        }
        (code, _) => i18n.t(&format!("error.{}", code.as_str())),
    };
    for field in &error.fields {
        text.push(' ');
        text.push_str(&field_sentence(i18n, &field.field, &field.code));
    }
    text
}

fn field_sentence(i18n: I18n, field: &str, code: &str) -> String {
    let label = i18n.t(&format!("field.{field}"));
    let rule = if field == "new_password" && code != "unchanged" {
        i18n.t(&format!("password_rule.{code}"))
    } else {
        i18n.t(&format!("validation.{code}"))
    };
    format!("{label}: {rule}")
}

/// Shows a failed request's problem where it happened, announced to screen readers, with a
/// retry button when the network, not the request, failed.
#[component]
pub fn ProblemMessage(
    /// The latest failure, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Runs the failed action again; offered only for network failures.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            let offer_retry = e.code == ErrorCode::Network && retry.is_some();
            view! {
                <div class="problem" role="alert">
                    <p>{describe(i18n, &e)}</p>
                    {offer_retry.then(|| view! {
                        <button type="button" on:click=move |_| {
                            if let Some(retry) = retry {
                                retry.run(())
                            }
                        }>{i18n.text("action.retry")}</button>
                    })}
                </div>
            }
        })
    }
}

/// The server's verdict on one input, linked to it by `id` for `aria-describedby`.
#[component]
pub fn FieldMessage(
    /// The element id, referenced by the input's `aria-describedby`.
    id: &'static str,
    /// The input's name as the server reports it.
    field: &'static str,
    /// The latest failure, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        error.get().and_then(|e| {
            e.field(field)
                .map(|f| field_sentence(i18n, &f.field, &f.code))
        })
    };
    view! { <p class="field-message" id=id>{text}</p> }
}

/// The fallback of an `ErrorBoundary` around data from the API: every problem, translated.
pub fn problem_fallback(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        errors
            .get()
            .iter()
            .filter_map(|(_, e)| e.downcast_ref::<ApiError>().map(|e| describe(i18n, e)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    view! { <p class="problem" role="alert">{text}</p> }
}
