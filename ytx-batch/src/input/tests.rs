//! Tests of `input`.

use super::*;

#[test]
fn a_line_over_the_cap_is_one_bad_row_and_the_next_reads() {
    let long = "x".repeat(MAX_ROW_BYTES + 10);
    let text = format!("{{\"a\":\"{long}\"}}\n{{\"mobile\":\"1\"}}\n");
    let rows: Vec<Row> = Rows::new(text.as_bytes(), Format::JsonLines, &[])
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].fields().unwrap_err().contains("over"));
    assert_eq!(rows[1].number(), 2);
    assert!(rows[1].fields().is_ok());
}

#[test]
fn an_unclosed_quote_is_cut_at_the_cap() {
    // Past the cap by more than the reader reads ahead (64 KiB).
    let mut text = String::from("mobile\n\"never closed\n");
    for _ in 0..(MAX_ROW_BYTES / 10 + 10_000) {
        text.push_str("123456789\n");
    }
    let rows: Vec<Row> = Rows::new(text.as_bytes(), Format::Csv, &[])
        .map(Result::unwrap)
        .collect();
    assert!(
        rows[0].fields().unwrap_err().contains("over"),
        "{:?}",
        rows[0]
    );
    assert!(rows.len() > 1, "reading goes on after the cut record");
}

#[test]
fn a_json_line_is_kept_as_written_until_its_fields_change() {
    let text = "  {\"templateId\" : \"1\", \"mobile\":\"139\"}  \r\n{\"a\":1}\n[2]\n";
    let mut rows = Rows::new(text.as_bytes(), Format::JsonLines, &[]).map(Result::unwrap);
    let (number, fields, kept) = rows.next().unwrap().into_parts();
    assert_eq!(number, 1);
    assert_eq!(
        kept.as_deref(),
        Some("{\"templateId\" : \"1\", \"mobile\":\"139\"}")
    );
    assert_eq!(fields.unwrap()["mobile"], "139");
    let changed = rows.next().unwrap().map_fields(|mut fields| {
        fields.insert("b".into(), 2.into());
        fields
    });
    let (_, fields, kept) = changed.into_parts();
    assert_eq!(kept, None);
    assert_eq!(fields.unwrap()["b"], 2);
    let (_, fields, kept) = rows.next().unwrap().into_parts();
    assert!(fields.is_err());
    assert_eq!(kept, None);
}

#[test]
fn csv_rows_and_rows_of_your_own_keep_no_text() {
    let rows: Vec<Row> = Rows::new("mobile\n139\n".as_bytes(), Format::Csv, &[])
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows[0].fields().unwrap()["mobile"], "139");
    assert_eq!(rows[0].clone().into_parts().2, None);
    assert_eq!(Row::new(7, Ok(Map::new())).into_parts().2, None);
}

#[test]
fn an_excel_export_reads_in_any_of_its_encodings() {
    let fields: &'static [FieldInfo] = ytx_core::Operation::of::<ytx_sms::TemplateSms>().fields();
    // CRLF line ends, a byte-order mark, quoted commas, Chinese template data.
    let export = "\u{feff}mobile,templateId,datas\r\n13911281234,1,\"[\"\"张三\"\",\"\"1,000元\"\"]\"\r\n\"13522855865,13800000000\",2,李四\r\n";
    let read = |bytes: Vec<u8>, encoding: crate::Encoding| -> Vec<Map<String, Value>> {
        Rows::new(crate::decode(&bytes[..], encoding), Format::Csv, fields)
            .map(|row| row.unwrap().into_fields().unwrap())
            .collect()
    };
    let utf8 = read(export.as_bytes().to_vec(), crate::Encoding::Utf8);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(export.trim_start_matches('\u{feff}'));
    assert!(!unmappable);
    let gbk = read(gbk.into_owned(), crate::Encoding::Gbk);
    for rows in [&utf8, &gbk] {
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0]["mobile"], "13911281234",
            "the mark is not in the header"
        );
        assert_eq!(rows[0]["datas"], serde_json::json!(["张三", "1,000元"]));
        assert_eq!(rows[1]["mobile"], "13522855865,13800000000");
        assert_eq!(rows[1]["datas"], serde_json::json!(["李四"]));
    }
}

#[test]
fn a_gbk_file_read_as_utf8_names_the_flag() {
    let (gbk, _, _) = encoding_rs::GBK.encode("{\"datas\":[\"张三\"]}\n");
    let rows: Vec<Row> = Rows::new(&gbk[..], Format::JsonLines, &[])
        .map(Result::unwrap)
        .collect();
    assert!(
        rows[0].fields().unwrap_err().contains("--encoding gbk"),
        "{rows:?}"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode("datas\n张三\n");
    let rows: Vec<Row> = Rows::new(&gbk[..], Format::Csv, &[])
        .map(Result::unwrap)
        .collect();
    assert!(
        rows[0].fields().unwrap_err().contains("--encoding gbk"),
        "{rows:?}"
    );
}

#[test]
fn a_json_lines_file_may_start_with_a_mark() {
    let rows: Vec<Row> = Rows::new("\u{feff}{\"a\":1}\n".as_bytes(), Format::JsonLines, &[])
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows[0].fields().unwrap()["a"], 1);
}

#[test]
fn bytes_that_are_not_utf8_are_a_bad_row() {
    let text = b"{\"a\":\"caf\xe9\"}\n{\"b\":1}\n";
    let rows: Vec<Row> = Rows::new(&text[..], Format::JsonLines, &[])
        .map(Result::unwrap)
        .collect();
    assert!(rows[0].fields().is_err());
    assert!(rows[1].fields().is_ok());
}
