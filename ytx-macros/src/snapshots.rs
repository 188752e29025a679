// Expansion snapshots: the generated code, formatted, reviewed as plain Rust diffs.

use proc_macro2::TokenStream;
use quote::quote;

fn expand(args: TokenStream, item: TokenStream) -> String {
    let tokens = crate::expand::endpoint(args, item).unwrap_or_else(|err| panic!("{err}"));
    let file = syn::parse2(tokens).unwrap_or_else(|err| panic!("expansion does not parse: {err}"));
    prettyplease::unparse(&file)
}

#[test]
fn meeting_query_with_all_arguments() {
    let expansion = expand(
        quote!(
            func = "call",
            url = "MeetingQuery.wx",
            action = "queryMeeting",
            version = "201612",
            response = MeetingQueryResponse,
            retry = "safe"
        ),
        quote! {
            /// 会议查询.
            #[derive(Clone)]
            pub struct MeetingQuery {
                /// Conference id.
                pub confid: Option<String>,
                /// How many to return.
                #[ytx(as_string)]
                pub meetingcount: u32,
            }
        },
    );
    insta::assert_snapshot!(expansion);
}

#[test]
fn side_effect_with_renames_and_defaults() {
    let expansion = expand(
        quote!(
            func = "call",
            url = "DailbackCall.wx",
            action = "callDailBack"
        ),
        quote! {
            pub struct DailbackCall {
                pub src: String,
                pub dst: String,
                #[ytx(as_string)]
                pub credit: Option<u32>,
                #[ytx(rename = "customParm")]
                pub custom_parm: Option<String>,
                pub datas: Vec<String>,
                #[ytx(comma_joined)]
                pub mobile: Option<Vec<String>>,
                #[ytx(secret)]
                pub sppwd: Option<String>,
            }
        },
    );
    insta::assert_snapshot!(expansion);
}

#[test]
fn no_fields() {
    let expansion = expand(
        quote!(
            func = "account",
            url = "getBlance.wx",
            action = "queryBlance",
            version = "201612",
            retry = "safe"
        ),
        quote! {
            pub(crate) struct QueryBalance {}
        },
    );
    insta::assert_snapshot!(expansion);
}

#[test]
fn errors_leave_the_struct_without_field_attributes() {
    let item = quote! {
        struct Broken {
            #[ytx(as_string)]
            count: u32,
        }
    };
    let err = crate::expand::endpoint(quote!(func = "call"), item.clone()).unwrap_err();
    let output = crate::fallback::expand(err, item).to_string();
    assert!(output.contains("compile_error"), "{output}");
    assert!(output.contains("struct Broken"), "{output}");
    assert!(!output.contains("ytx"), "{output}");
}
