//! `#[derive(FromJson, ToJson)]` for the API types the web app reads and sends.
//!
//! The derives read the type's `#[serde(...)]` attributes, so the JSON the app reads and
//! writes is described once, by the attributes the server's serde code follows. They
//! understand the attributes the API types use and refuse the others at compile time,
//! so a new attribute cannot make the two sides disagree unnoticed:
//! - on the type: `try_from`, `from` and `into` (convert through another type);
//! - on a field: `rename`, `default`, `default = "path"` and `skip_serializing_if`.
//!
//! The generated code calls `arkki_api::json`, which does the reading and writing.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{parse_macro_input, Data, DeriveInput, Error, Fields, LitStr, Path, Type};

/// Reads the type from JSON: `impl arkki_api::json::FromJson`.
#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    from_json(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// Writes the type as JSON: `impl arkki_api::json::ToJson`.
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    to_json(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// What the type's own `#[serde(...)]` says.
#[derive(Default)]
struct Conversions {
    try_from: Option<Type>,
    from: Option<Type>,
    into: Option<Type>,
}

/// What a field's `#[serde(...)]` says.
struct Member {
    ident: syn::Ident,
    ty: Type,
    name: String,
    default: Option<MemberDefault>,
    skip_if: Option<Path>,
}

enum MemberDefault {
    Trait,
    Function(Path),
}

fn conversions(input: &DeriveInput) -> syn::Result<Conversions> {
    let mut found = Conversions::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let slot = if meta.path.is_ident("try_from") {
                &mut found.try_from
            } else if meta.path.is_ident("from") {
                &mut found.from
            } else if meta.path.is_ident("into") {
                &mut found.into
            } else {
                return Err(meta.error("arkki-json-derive does not support this serde attribute"));
            };
            let name: LitStr = meta.value()?.parse()?;
            *slot = Some(name.parse()?);
            Ok(())
        })?;
    }
    Ok(found)
}

fn members(input: &DeriveInput) -> syn::Result<Vec<Member>> {
    let Data::Struct(data) = &input.data else {
        return Err(Error::new(
            input.span(),
            "only structs with named fields, or types converted with from/try_from/into",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(Error::new(input.span(), "only structs with named fields"));
    };
    let mut members = Vec::new();
    for field in &fields.named {
        let ident = field.ident.clone().expect("named field");
        let mut member = Member {
            name: ident.to_string().trim_start_matches("r#").to_owned(),
            ident,
            ty: field.ty.clone(),
            default: None,
            skip_if: None,
        };
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    member.name = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("default") {
                    member.default = Some(if meta.input.peek(syn::Token![=]) {
                        MemberDefault::Function(meta.value()?.parse::<LitStr>()?.parse()?)
                    } else {
                        MemberDefault::Trait
                    });
                } else if meta.path.is_ident("skip_serializing_if") {
                    member.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                } else {
                    return Err(
                        meta.error("arkki-json-derive does not support this serde attribute")
                    );
                }
                Ok(())
            })?;
        }
        members.push(member);
    }
    Ok(members)
}

/// The impl header, with `T: bound` added for every type parameter.
fn generics(input: &DeriveInput, bound: Tokens) -> (Tokens, Tokens, Tokens) {
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param
            .bounds
            .push(syn::parse2(bound.clone()).expect("trait bound"));
    }
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    (
        quote!(#impl_generics),
        quote!(#type_generics),
        quote!(#where_clause),
    )
}

fn from_json(input: &DeriveInput) -> syn::Result<Tokens> {
    let json = quote!(::arkki_api::json);
    let name = &input.ident;
    let conversions = conversions(input)?;
    let (impl_generics, type_generics, where_clause) = generics(input, quote!(#json::FromJson));
    let some = quote!(::core::option::Option::Some);
    let ok = quote!(::core::result::Result::Ok);
    // A converted type is left out exactly when the type it converts from may be.
    let mut absent = quote!();
    let body = if let Some(wire) = &conversions.try_from {
        absent = quote! {
            fn absent() -> ::core::option::Option<Self> {
                <#wire as #json::FromJson>::absent()
                    .and_then(|wire| <Self as ::core::convert::TryFrom<#wire>>::try_from(wire).ok())
            }
        };
        quote! {
            let wire = <#wire as #json::FromJson>::read(reader)?;
            <Self as ::core::convert::TryFrom<#wire>>::try_from(wire)
                .map_err(|_| #json::JsonError::Shape)
        }
    } else if let Some(wire) = &conversions.from {
        absent = quote! {
            fn absent() -> ::core::option::Option<Self> {
                <#wire as #json::FromJson>::absent().map(<Self as ::core::convert::From<#wire>>::from)
            }
        };
        quote! {
            let wire = <#wire as #json::FromJson>::read(reader)?;
            #ok(<Self as ::core::convert::From<#wire>>::from(wire))
        }
    } else {
        let members = members(input)?;
        let slots: Vec<_> = members
            .iter()
            .map(|m| format_ident!("member_{}", m.ident))
            .collect();
        let declarations = members.iter().zip(&slots).map(|(m, slot)| {
            let ty = &m.ty;
            quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
        });
        let arms = members.iter().zip(&slots).map(|(m, slot)| {
            let key = &m.name;
            quote!(#key => #slot = #some(#json::FromJson::read(reader)?),)
        });
        let values = members.iter().zip(&slots).map(|(m, slot)| {
            let ident = &m.ident;
            let value = match &m.default {
                None => quote!(#json::member(#slot)?),
                Some(MemberDefault::Trait) => quote!(#slot.unwrap_or_default()),
                Some(MemberDefault::Function(path)) => quote!(#slot.unwrap_or_else(#path)),
            };
            quote!(#ident: #value,)
        });
        quote! {
            #(#declarations)*
            reader.object(&mut |reader, key| {
                match key {
                    #(#arms)*
                    _ => reader.skip()?,
                }
                #ok(())
            })?;
            #ok(#name { #(#values)* })
        }
    };
    Ok(quote! {
        impl #impl_generics #json::FromJson for #name #type_generics #where_clause {
            fn read(reader: &mut #json::Reader<'_>) -> ::core::result::Result<Self, #json::JsonError> {
                #body
            }

            #absent
        }
    })
}

fn to_json(input: &DeriveInput) -> syn::Result<Tokens> {
    let json = quote!(::arkki_api::json);
    let name = &input.ident;
    let conversions = conversions(input)?;
    let (impl_generics, type_generics, where_clause) = generics(input, quote!(#json::ToJson));
    let body = if let Some(wire) = &conversions.into {
        quote! {
            let wire: #wire = ::core::convert::Into::into(::core::clone::Clone::clone(self));
            #json::ToJson::write(&wire, out);
        }
    } else {
        let members = members(input)?;
        let writes = members.iter().map(|m| {
            let ident = &m.ident;
            let key = &m.name;
            let write = quote!(object.member(#key, &self.#ident););
            match &m.skip_if {
                Some(skip) => quote!(if !#skip(&self.#ident) { #write }),
                None => write,
            }
        });
        quote! {
            let mut object = #json::ObjectWriter::new(out);
            #(#writes)*
            object.end();
        }
    };
    Ok(quote! {
        impl #impl_generics #json::ToJson for #name #type_generics #where_clause {
            fn write(&self, out: &mut ::std::string::String) {
                #body
            }
        }
    })
}
