//! Choosing an account's roles among those its organisation allows.

use arkki_api::account::Role;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A fieldset of checkboxes, one per role on offer.
#[component]
pub fn RoleCheckboxes(
    /// Prefix for element ids, unique on the page.
    id_prefix: String,
    /// The roles that may be chosen.
    #[prop(into)]
    offered: Signal<Vec<Role>>,
    /// The chosen roles.
    chosen: RwSignal<Vec<Role>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="roles">
            <legend>{i18n.text("field.roles")}</legend>
            {move || {
                offered
                    .get()
                    .into_iter()
                    .map(|role| {
                        let id = format!("{id_prefix}-{}", role.as_str());
                        view! {
                            <div class="checkbox">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=move || chosen.get().contains(&role)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|roles| {
                                            *roles = with_role(roles, role, on);
                                        });
                                    }
                                />
                                <label for=id>{move || i18n.t(&format!("role.{}", role.as_str()))}</label>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}

/// `roles` with `role` added or removed, always in the product's order of roles.
pub fn with_role(roles: &[Role], role: Role, on: bool) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| if *r == role { on } else { roles.contains(r) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_stay_in_order_and_unique() {
        let roles = with_role(&[Role::Student], Role::Teacher, true);
        assert_eq!(roles, vec![Role::Teacher, Role::Student]);
        let roles = with_role(&roles, Role::Teacher, true);
        assert_eq!(roles, vec![Role::Teacher, Role::Student]);
        assert_eq!(with_role(&roles, Role::Student, false), vec![Role::Teacher]);
    }
}
