// On a user error: the error, plus the struct as written (minus our field attributes), so
// the user sees one error instead of a cascade of "cannot find type" follow-ups.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Data, DeriveInput};

pub(crate) fn expand(error: syn::Error, item: TokenStream) -> TokenStream {
    let mut tokens = error.to_compile_error();
    match syn::parse2::<DeriveInput>(item.clone()) {
        Ok(mut input) => {
            if let Data::Struct(data) = &mut input.data {
                for field in data.fields.iter_mut() {
                    field.attrs.retain(|attr| !attr.path().is_ident("ytx"));
                }
            }
            input.to_tokens(&mut tokens);
        }
        Err(_) => tokens.extend(item),
    }
    tokens
}
