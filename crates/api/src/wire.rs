//! Unit enums on the wire: each variant travels as its code, the same string the enum's
//! own `as_str`/`code` gives.
//!
//! Serde's derived enum code accepts several JSON shapes and costs about 1 KB of the web
//! app's bundle for every enum; reading a string and looking it up costs a few bytes, and
//! each enum keeps a single list of its names.

/// A unit enum whose variants travel as code strings.
pub trait WireCode: Copy + Sized + 'static {
    /// Every variant.
    const VARIANTS: &'static [Self];

    fn wire_code(self) -> &'static str;

    fn from_wire_code(code: &str) -> Option<Self> {
        Self::VARIANTS
            .iter()
            .copied()
            .find(|v| v.wire_code() == code)
    }
}

/// The refusal of a code no variant has.
pub fn unknown_code(what: &str, code: &str) -> String {
    format!("unknown {what} `{code}`")
}

/// From one list of variants and their codes: `ALL` (the variants in order), the method
/// giving a variant's code, the function finding the variant of a code, [`WireCode`], and
/// the conversions `#[serde(try_from = "String", into = "&'static str")]` uses, and the
/// web app's JSON reading and writing.
macro_rules! wire_code {
    ($t:ident, $code:ident, $parse:ident { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $t {
            /// Every variant, in the product's order.
            pub const ALL: [$t; [$($s),+].len()] = [$($t::$v),+];

            /// The code this variant travels as and is translated by.
            pub fn $code(self) -> &'static str {
                match self {
                    $($t::$v => $s),+
                }
            }

            /// The variant a code stands for.
            pub fn $parse(code: &str) -> Option<Self> {
                <$t as $crate::wire::WireCode>::from_wire_code(code)
            }
        }

        impl $crate::wire::WireCode for $t {
            const VARIANTS: &'static [Self] = &$t::ALL;

            fn wire_code(self) -> &'static str {
                self.$code()
            }
        }

        impl ::core::convert::TryFrom<::std::string::String> for $t {
            type Error = ::std::string::String;

            fn try_from(code: ::std::string::String) -> ::core::result::Result<Self, ::std::string::String> {
                <$t>::$parse(&code).ok_or_else(|| $crate::wire::unknown_code(stringify!($t), &code))
            }
        }

        impl ::core::convert::From<$t> for &'static str {
            fn from(value: $t) -> Self {
                value.$code()
            }
        }

        impl $crate::json::FromJson for $t {
            fn read(
                reader: &mut $crate::json::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::json::JsonError> {
                <$t>::$parse(&reader.string()?).ok_or($crate::json::JsonError::Shape)
            }
        }

        impl $crate::json::ToJson for $t {
            fn write(&self, out: &mut ::std::string::String) {
                $crate::json::ToJson::write(self.$code(), out)
            }
        }
    };
}
pub(crate) use wire_code;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Locale, Role};
    use crate::admin::{OrganisationKind, RefusalReason};
    use crate::terms::{DiffKind, DocumentKind, EventKind, NoticeKind, TermsStatus, VersionState};
    use crate::ErrorCode;

    /// `AcceptedOnBehalf` → `accepted_on_behalf`: the names serde's `snake_case` gave.
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    fn travels_as_its_snake_case_name<T>()
    where
        T: WireCode + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
    {
        for &value in T::VARIANTS {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", snake_case(&format!("{value:?}"))));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
        assert!(serde_json::from_str::<T>("\"no_such_code\"").is_err());
        assert!(serde_json::from_str::<T>("{}").is_err());
    }

    #[test]
    fn every_unit_enum_keeps_its_wire_names() {
        travels_as_its_snake_case_name::<Locale>();
        travels_as_its_snake_case_name::<Role>();
        travels_as_its_snake_case_name::<OrganisationKind>();
        travels_as_its_snake_case_name::<RefusalReason>();
        travels_as_its_snake_case_name::<ErrorCode>();
        travels_as_its_snake_case_name::<DocumentKind>();
        travels_as_its_snake_case_name::<VersionState>();
        travels_as_its_snake_case_name::<EventKind>();
        travels_as_its_snake_case_name::<TermsStatus>();
        travels_as_its_snake_case_name::<DiffKind>();
        travels_as_its_snake_case_name::<NoticeKind>();
    }
}
