// Writes the expansion: the struct, `new` + setters, and the `Endpoint` impl. The runtime
// (signing, transport, decoding) stays in ytx-core; nothing here is per-request logic.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::ast::{self, Endpoint, Field, is_string};
use crate::attr;

const DEFAULT_VERSION: &str = "201512";

pub(crate) fn endpoint(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let args = attr::parse(args)?;
    let endpoint = ast::parse(args, item)?;
    endpoint.validate()?;
    Ok(write(&endpoint))
}

fn write(endpoint: &Endpoint) -> TokenStream {
    let item = &endpoint.item;
    let ident = &item.ident;
    let args = &endpoint.args;
    let lit =
        |value: &Option<syn::LitStr>| value.as_ref().map(syn::LitStr::value).unwrap_or_default();
    let (func, url, action) = (lit(&args.func), lit(&args.url), lit(&args.action));
    let version = args
        .version
        .as_ref()
        .map_or_else(|| DEFAULT_VERSION.to_owned(), syn::LitStr::value);
    let side_effect = args.retry.as_ref().map(syn::LitStr::value).as_deref() != Some("safe");
    let retry = if side_effect {
        quote!(SideEffect)
    } else {
        quote!(SafeQuery)
    };
    let response = match &args.response {
        Some(ty) => quote!(#ty),
        None => quote!(::ytx_core::__private::Submitted),
    };
    let constructors = constructors(endpoint);
    let encode = endpoint.fields.iter().map(encode_field);
    let name = ident.to_string();
    let infos = endpoint.fields.iter().map(field_info);
    let from_wire = from_wire(endpoint, &action);
    let custom_parm = custom_parm(endpoint, side_effect);
    let debug = debug(endpoint);
    quote! {
        #item

        #constructors

        #debug

        #[automatically_derived]
        impl ::ytx_core::__private::Endpoint for #ident {
            const FUNC: &'static str = #func;
            const URL: &'static str = #url;
            const ACTION: &'static str = #action;
            const VERSION: &'static str = #version;
            const RETRY: ::ytx_core::__private::RetryClass =
                ::ytx_core::__private::RetryClass::#retry;
            const NAME: &'static str = #name;
            const PATH: &'static str = ::core::concat!(::core::module_path!(), "::", #name);
            const FIELDS: &'static [::ytx_core::__private::FieldInfo] = &[#(#infos),*];
            type Response = #response;
            #custom_parm

            fn encode_fields(
                &self,
                body: &mut ::ytx_core::__private::BodyWriter<'_>,
            ) -> ::ytx_core::__private::Result<(), ::ytx_core::__private::EncodeError> {
                #(#encode)*
                ::ytx_core::__private::Result::Ok(())
            }

            #from_wire
        }

        // Registered, so the CLI and the conformance checks find it without a hand-kept list.
        ::ytx_core::__private::inventory::submit! {
            ::ytx_core::__private::Registration(::ytx_core::__private::Operation::of::<#ident>())
        }
    }
}

/// `required` or `optional`: the first half of the runtime method's name.
fn presence(field: &Field) -> &'static str {
    if field.option_of.is_some() {
        "optional"
    } else {
        "required"
    }
}

fn field_info(field: &Field) -> TokenStream {
    let wire = field.wire_name();
    let ty = &field.ty;
    let rust_type = quote!(#ty).to_string().replace(' ', "");
    let required = field.option_of.is_none();
    let as_string = field.as_string.is_some();
    let comma_joined = field.comma_joined.is_some();
    let secret = field.secret.is_some();
    let doc = doc_text(&field.docs);
    quote! {
        ::ytx_core::__private::FieldInfo {
            wire: #wire,
            rust_type: #rust_type,
            required: #required,
            as_string: #as_string,
            comma_joined: #comma_joined,
            secret: #secret,
            doc: #doc,
        }
    }
}

/// `from_wire`: the struct from a JSON object keyed by wire names.
fn from_wire(endpoint: &Endpoint, action: &str) -> TokenStream {
    let names: Vec<String> = endpoint.fields.iter().map(Field::wire_name).collect();
    let inits = endpoint.fields.iter().zip(&names).map(|(field, wire)| {
        let ident = &field.ident;
        // Numbers are read leniently either way; only joined lists need their own reader.
        let form = if field.comma_joined.is_some() {
            "_joined"
        } else {
            ""
        };
        let read = format_ident!("{}{form}", presence(field));
        quote!(#ident: ::ytx_core::__private::wire::#read(fields, #wire)?)
    });
    quote! {
        fn from_wire(
            fields: &::ytx_core::__private::Map<::std::string::String, ::ytx_core::__private::Value>,
        ) -> ::ytx_core::__private::Result<Self, ::ytx_core::__private::wire::WireError> {
            ::ytx_core::__private::wire::check_names(fields, #action, &[#(#names),*])?;
            ::ytx_core::__private::Result::Ok(Self { #(#inits),* })
        }
    }
}

/// The text of `///` comments, one line each, without the leading space.
fn doc_text(docs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = docs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
        .collect();
    lines.join("\n").trim().to_owned()
}

fn encode_field(field: &Field) -> TokenStream {
    let ident = &field.ident;
    let wire = field.wire_name();
    if field.is_custom_parm() && field.option_of.is_some() {
        // The request's own, else the key the client generated for it.
        return quote_spanned! {field.ty.span()=>
            body.optional_key(#wire, &self.#ident)?;
        };
    }
    let form = if field.as_string.is_some() {
        "_as_string"
    } else if field.comma_joined.is_some() {
        "_joined"
    } else {
        ""
    };
    let method = format_ident!("{}{form}", presence(field));
    // Spanned at the field's type, so a type the wire cannot take is reported there.
    quote_spanned! {field.ty.span()=>
        body.#method(#wire, &self.#ident)?;
    }
}

/// For a struct with `customParm`: the constant that says so, its value, and for a side
/// effect, the answer that keeps it (through the response's `KeepsCustomParm`).
fn custom_parm(endpoint: &Endpoint, side_effect: bool) -> TokenStream {
    let Some(field) = endpoint.custom_parm() else {
        return TokenStream::new();
    };
    let ident = &field.ident;
    let value = if field.option_of.is_some() {
        quote!(::core::option::Option::as_deref(&self.#ident))
    } else {
        quote!(::ytx_core::__private::Option::Some(::std::string::String::as_str(&self.#ident)))
    };
    let keep = side_effect.then(|| {
        quote! {
            fn keep_custom_parm(response: &mut Self::Response, custom_parm: &str) {
                ::ytx_core::__private::KeepsCustomParm::keep_custom_parm(response, custom_parm)
            }
        }
    });
    quote! {
        const HAS_CUSTOM_PARM: bool = true;

        fn own_custom_parm(&self) -> ::ytx_core::__private::Option<&str> {
            #value
        }

        #keep
    }
}

/// `Debug`, as derived, but `#[ytx(secret)]` fields print `***`.
fn debug(endpoint: &Endpoint) -> TokenStream {
    let ident = &endpoint.item.ident;
    let name = ident.to_string();
    let fields = endpoint.fields.iter().map(|field| {
        let member = &field.ident;
        let label = member.to_string().trim_start_matches("r#").to_owned();
        match (field.secret.is_some(), field.option_of.is_some()) {
            (false, _) => quote!(.field(#label, &self.#member)),
            (true, true) => quote! {
                .field(
                    #label,
                    &::core::option::Option::map(
                        ::core::option::Option::as_ref(&self.#member),
                        |_| ::ytx_core::__private::Masked,
                    ),
                )
            },
            (true, false) => quote!(.field(#label, &::ytx_core::__private::Masked)),
        }
    });
    quote! {
        #[automatically_derived]
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#fields)* .finish()
            }
        }
    }
}

/// `new(required...)` and one setter per optional field, documented from the field's docs.
fn constructors(endpoint: &Endpoint) -> TokenStream {
    let item = &endpoint.item;
    let (ident, vis) = (&item.ident, &item.vis);
    let required: Vec<&Field> = endpoint
        .fields
        .iter()
        .filter(|f| f.option_of.is_none())
        .collect();
    let params = required.iter().map(|field| {
        let (name, ty) = (&field.ident, &field.ty);
        if is_string(ty) {
            quote!(#name: impl ::core::convert::Into<#ty>)
        } else {
            quote!(#name: #ty)
        }
    });
    let inits = endpoint.fields.iter().map(|field| {
        let name = &field.ident;
        match (&field.option_of, is_string(&field.ty)) {
            (Some(_), _) => quote!(#name: ::ytx_core::__private::Option::None),
            (None, true) => quote!(#name: ::core::convert::Into::into(#name)),
            (None, false) => quote!(#name),
        }
    });
    let names: Vec<String> = required
        .iter()
        .map(|f| format!("`{}`", f.wire_name()))
        .collect();
    let new_doc = if names.is_empty() {
        format!(" Creates a `{ident}` request; it has no required fields.")
    } else {
        format!(
            " Creates a `{ident}` request with its required fields: {}.",
            names.join(", ")
        )
    };
    let setters = endpoint
        .fields
        .iter()
        .filter(|f| f.option_of.is_some())
        .map(|field| {
            let (name, docs) = (&field.ident, &field.docs);
            let ty = field.value_type();
            let summary = format!(" Sets the optional `{}` field.", field.wire_name());
            let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
            let (param, value) = if is_string(ty) {
                (
                    quote!(impl ::core::convert::Into<#ty>),
                    quote!(::core::convert::Into::into(value)),
                )
            } else {
                (quote!(#ty), quote!(value))
            };
            quote! {
                #[doc = #summary]
                #separator
                #(#docs)*
                #[must_use]
                #vis fn #name(mut self, value: #param) -> Self {
                    self.#name = ::ytx_core::__private::Option::Some(#value);
                    self
                }
            }
        });
    quote! {
        impl #ident {
            #[doc = #new_doc]
            #[must_use]
            #[allow(clippy::new_without_default)]
            #vis fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }
    }
}
