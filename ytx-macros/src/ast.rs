// Models the annotated struct: its fields, their wire names and `#[ytx(...)]` options.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{
    Attribute, Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Type,
};

use crate::attr::Args;

pub(crate) struct Endpoint {
    pub(crate) args: Args,
    /// The struct as written, minus `#[ytx(...)]` field attributes.
    pub(crate) item: DeriveInput,
    pub(crate) fields: Vec<Field>,
}

pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// `T` when the field is `Option<T>`: an optional field.
    pub(crate) option_of: Option<Type>,
    pub(crate) rename: Option<LitStr>,
    /// The `as_string` key, for its span.
    pub(crate) as_string: Option<Span>,
    /// The `comma_joined` key, for its span.
    pub(crate) comma_joined: Option<Span>,
    /// The `secret` key, for its span: masked in `Debug`.
    pub(crate) secret: Option<Span>,
    pub(crate) docs: Vec<Attribute>,
    /// Whether the struct says `rename_all = "camelCase"`.
    pub(crate) camel_case: bool,
}

impl Field {
    /// The name on the wire: the `rename`, else the field's name (in camelCase under
    /// `rename_all = "camelCase"`).
    pub(crate) fn wire_name(&self) -> String {
        let name = self.ident.to_string();
        let name = name.trim_start_matches("r#");
        match &self.rename {
            Some(lit) => lit.value(),
            None if self.camel_case => camel_case(name),
            None => name.to_owned(),
        }
    }

    /// The type a caller supplies: `T` for `Option<T>`, the field's type otherwise.
    pub(crate) fn value_type(&self) -> &Type {
        self.option_of.as_ref().unwrap_or(&self.ty)
    }

    /// Whether this is the request's `customParm`: a string the platform echoes, by which
    /// the request is reconciled.
    pub(crate) fn is_custom_parm(&self) -> bool {
        self.wire_name() == "customParm" && is_string(self.value_type())
    }
}

impl Endpoint {
    /// The `customParm` field, if the struct has one.
    pub(crate) fn custom_parm(&self) -> Option<&Field> {
        self.fields.iter().find(|field| field.is_custom_parm())
    }
}

pub(crate) fn parse(args: Args, item: TokenStream) -> syn::Result<Endpoint> {
    let mut item: DeriveInput = syn::parse2(item).map_err(|err| {
        syn::Error::new(
            err.span(),
            "`ytx_endpoint` goes on a struct with named fields",
        )
    })?;
    let named = match &mut item.data {
        Data::Struct(data) => match &mut data.fields {
            Fields::Named(named) => named,
            Fields::Unnamed(fields) => {
                return Err(syn::Error::new(
                    fields.span(),
                    "`ytx_endpoint` needs named fields: the field names are the wire names",
                ));
            }
            Fields::Unit => {
                return Err(syn::Error::new(
                    item.ident.span(),
                    "`ytx_endpoint` needs a struct with named fields; for an endpoint without \
                     fields write `struct Name {}`",
                ));
            }
        },
        Data::Enum(data) => {
            return Err(syn::Error::new(
                data.enum_token.span,
                "`ytx_endpoint` goes on a struct, not an enum: one struct per endpoint",
            ));
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "`ytx_endpoint` goes on a struct, not a union",
            ));
        }
    };
    let mut fields = Vec::with_capacity(named.named.len());
    for field in &mut named.named {
        let mut rename = None;
        let mut as_string = None;
        let mut comma_joined = None;
        let mut secret = None;
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("ytx"))
        {
            attr.parse_nested_meta(|meta| {
                // #[ytx(rename = "customParm")]
                if meta.path.is_ident("rename") {
                    if rename.is_some() {
                        return Err(meta.error("duplicate `rename` in `#[ytx(...)]`"));
                    }
                    rename = Some(meta.value()?.parse::<LitStr>()?);
                    Ok(())
                // #[ytx(as_string)]
                } else if meta.path.is_ident("as_string") {
                    if as_string.is_some() {
                        return Err(meta.error("duplicate `as_string` in `#[ytx(...)]`"));
                    }
                    as_string = Some(meta.path.span());
                    Ok(())
                // #[ytx(comma_joined)]
                } else if meta.path.is_ident("comma_joined") {
                    if comma_joined.is_some() {
                        return Err(meta.error("duplicate `comma_joined` in `#[ytx(...)]`"));
                    }
                    comma_joined = Some(meta.path.span());
                    Ok(())
                // #[ytx(secret)]
                } else if meta.path.is_ident("secret") {
                    if secret.is_some() {
                        return Err(meta.error("duplicate `secret` in `#[ytx(...)]`"));
                    }
                    secret = Some(meta.path.span());
                    Ok(())
                } else {
                    let key = quote::ToTokens::to_token_stream(&meta.path).to_string();
                    Err(meta.error(format!(
                        "unknown `ytx` field option `{}`; expected `rename = \"…\"`, `as_string`, `comma_joined` or `secret`",
                        key.replace(' ', "")
                    )))
                }
            })?;
        }
        field.attrs.retain(|attr| !attr.path().is_ident("ytx"));
        let docs = field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("doc"))
            .cloned()
            .collect();
        fields.push(Field {
            // Named fields always have an ident.
            ident: field
                .ident
                .clone()
                .unwrap_or_else(|| Ident::new("_", field.span())),
            ty: field.ty.clone(),
            option_of: option_inner(&field.ty),
            rename,
            as_string,
            comma_joined,
            secret,
            docs,
            camel_case: args.camel_case(),
        });
    }
    Ok(Endpoint { args, item, fields })
}

/// `custom_parm` → `customParm`, `template_id` → `templateId`; a leading `_` is kept.
pub(crate) fn camel_case(snake: &str) -> String {
    let kept = snake.len() - snake.trim_start_matches('_').len();
    let mut out = String::with_capacity(snake.len());
    out.push_str(&snake[..kept]);
    let mut upper = false;
    for c in snake[kept..].chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `Some(T)` for `Option<T>`, `std::option::Option<T>` or `core::option::Option<T>`.
fn option_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

/// Whether a type is spelled `Vec<String>`.
pub(crate) fn is_string_list(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    last.ident == "Vec"
        && matches!(args.args.first(), Some(GenericArgument::Type(inner)) if is_string(inner))
}

/// Whether a type is spelled `String` (or `std::string::String`).
pub(crate) fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none()
        && path.path.segments.last().is_some_and(|last| last.ident == "String" && last.arguments.is_empty()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake_case_becomes_camel_case() {
        for (snake, camel) in [
            ("custom_parm", "customParm"),
            ("template_id", "templateId"),
            ("meetingcount", "meetingcount"),
            ("display_num_2", "displayNum2"),
            ("_private_x", "_privateX"),
            ("a__b", "aB"),
        ] {
            assert_eq!(super::camel_case(snake), camel);
        }
    }
}
