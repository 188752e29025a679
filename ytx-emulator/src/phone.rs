//! Phone-number checks (`-102 电话号码不合法`): a mainland mobile or a landline with its
//! area code, digits only, optionally prefixed with `86` or `+86`. The platform's exact
//! rule is not documented; this one accepts every number seen in public examples.

/// Whether `text` is one acceptable number.
pub(crate) fn is_valid(text: &str) -> bool {
    let digits = text
        .strip_prefix("+86")
        .or_else(|| text.strip_prefix("86").filter(|rest| rest.len() == 11))
        .unwrap_or(text);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let bytes = digits.as_bytes();
    match bytes.first() {
        // Mobile: 1[3-9]xxxxxxxxx.
        Some(b'1') => bytes.len() == 11 && (b'3'..=b'9').contains(&bytes[1]),
        // Landline with area code: 0 + 2–3 digit area + 7–8 digit number.
        Some(b'0') => (10..=12).contains(&bytes.len()),
        _ => false,
    }
}

/// Whether every comma-separated number is acceptable (and there is at least one).
pub(crate) fn is_valid_list(text: &str) -> bool {
    !text.is_empty() && text.split(',').all(|one| is_valid(one.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples_are_valid() {
        for number in [
            "13911281234",
            "13522855865",
            "01053189990",
            "+8613911281234",
            "8613911281234",
        ] {
            assert!(is_valid(number), "{number}");
        }
        assert!(is_valid_list("13073339156,18812345678"));
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for number in [
            "",
            "1391128123",
            "139112812345",
            "12911281234",
            "1391128123x",
            "110",
            "+1 555 0100",
        ] {
            assert!(!is_valid(number), "{number}");
        }
        assert!(!is_valid_list("13073339156,abc"));
        assert!(!is_valid_list(""));
    }
}
