//! Choosing who something is for: everyone, one role, or one organisation.

use arkki_api::account::Role;
use arkki_api::terms::Audience;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The select's value for an audience.
pub fn audience_value(audience: &Audience) -> String {
    match audience {
        Audience::Everyone => "everyone".into(),
        Audience::Role { role } => format!("role:{}", role.as_str()),
        Audience::Organisation { organisation_id } => format!("organisation:{organisation_id}"),
    }
}

/// The audience a select value stands for.
pub fn parse_audience(value: &str) -> Audience {
    match value.split_once(':') {
        Some(("role", role)) => Role::parse(role)
            .map(|role| Audience::Role { role })
            .unwrap_or(Audience::Everyone),
        Some(("organisation", id)) => id
            .parse()
            .map(|organisation_id| Audience::Organisation { organisation_id })
            .unwrap_or(Audience::Everyone),
        _ => Audience::Everyone,
    }
}

/// A labelled select of audiences; organisations come from the caller.
#[component]
pub fn AudienceSelect(
    /// The select's id, unique on the page.
    id: String,
    /// The label text key.
    label_key: &'static str,
    /// Organisations to offer, as (id, name).
    #[prop(into)]
    organisations: Signal<Vec<(i64, String)>>,
    /// The chosen audience.
    chosen: RwSignal<Audience>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id.clone()>{move || i18n.t(label_key)}</label>
        <select id=id on:change=move |ev| chosen.set(parse_audience(&event_target_value(&ev)))>
            <option value="everyone">{i18n.text("admin_terms.everyone")}</option>
            {Role::ALL.into_iter().map(|r| view! {
                <option value=format!("role:{}", r.as_str())>{move || i18n.t(&format!("role.{}", r.as_str()))}</option>
            }).collect_view()}
            {move || organisations.get().into_iter().map(|(id, name)| view! {
                <option value=format!("organisation:{id}")>{name}</option>
            }).collect_view()}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_round_trip_through_the_select() {
        for audience in [
            Audience::Everyone,
            Audience::Role {
                role: Role::Teacher,
            },
            Audience::Organisation {
                organisation_id: 42,
            },
        ] {
            assert_eq!(parse_audience(&audience_value(&audience)), audience);
        }
        assert_eq!(parse_audience("role:wizard"), Audience::Everyone);
        assert_eq!(parse_audience("organisation:x"), Audience::Everyone);
        assert_eq!(parse_audience(""), Audience::Everyone);
    }
}
