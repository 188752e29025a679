//! The character encoding of an input file, and a reader that decodes it to UTF-8 as it is
//! read (streamed: nothing is loaded whole). A CSV exported by Excel in China is GBK or
//! GB18030 unless saved as "CSV UTF-8".

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::str::FromStr;

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

/// How an input's text is encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, the default; a byte-order mark is skipped. A row that is not UTF-8 is a bad row.
    #[default]
    Utf8,
    /// GBK (and GB2312), as Excel saves a CSV on a Chinese system.
    Gbk,
    /// GB18030, GBK's superset.
    Gb18030,
}

impl Encoding {
    /// `utf-8`, `gbk` or `gb18030`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Gbk => "gbk",
            Self::Gb18030 => "gb18030",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An encoding name this crate does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEncoding(String);

impl fmt::Display for UnknownEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an encoding this reads: utf-8, gbk or gb18030",
            self.0
        )
    }
}

impl std::error::Error for UnknownEncoding {}

impl FromStr for Encoding {
    type Err = UnknownEncoding;

    fn from_str(name: &str) -> Result<Self, UnknownEncoding> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Self::Utf8),
            "gbk" | "gb2312" | "cp936" => Ok(Self::Gbk),
            "gb18030" => Ok(Self::Gb18030),
            _ => Err(UnknownEncoding(name.to_owned())),
        }
    }
}

/// An input decoded to UTF-8 as it is read: give it to [`Rows::new`](crate::Rows::new).
#[derive(Debug)]
pub struct Decoded<R: Read>(Inner<R>);

#[derive(Debug)]
enum Inner<R: Read> {
    /// UTF-8 is passed through as it is, so a row that is not UTF-8 is found and named.
    Utf8(BufReader<R>),
    Transcoded(BufReader<DecodeReaderBytes<R, Vec<u8>>>),
}

/// `input`, read as `encoding` and handed on as UTF-8. A byte-order mark, where there is
/// one, wins over `encoding` and is dropped.
pub fn decode<R: Read>(input: R, encoding: Encoding) -> Decoded<R> {
    let label = match encoding {
        Encoding::Utf8 => return Decoded(Inner::Utf8(BufReader::new(input))),
        Encoding::Gbk => encoding_rs::GBK,
        Encoding::Gb18030 => encoding_rs::GB18030,
    };
    let decoder = DecodeReaderBytesBuilder::new()
        .encoding(Some(label))
        .bom_override(true)
        .strip_bom(true)
        .build(input);
    Decoded(Inner::Transcoded(BufReader::new(decoder)))
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Inner::Utf8(input) => input.read(buf),
            Inner::Transcoded(input) => input.read(buf),
        }
    }
}

impl<R: Read> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match &mut self.0 {
            Inner::Utf8(input) => input.fill_buf(),
            Inner::Transcoded(input) => input.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match &mut self.0 {
            Inner::Utf8(input) => input.consume(amount),
            Inner::Transcoded(input) => input.consume(amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], encoding: Encoding) -> String {
        let mut text = String::new();
        decode(bytes, encoding).read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn gbk_and_gb18030_are_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("手机号,模板\n张三");
        assert_eq!(read(&gbk, Encoding::Gbk), "手机号,模板\n张三");
        let (gb18030, _, _) = encoding_rs::GB18030.encode("😀 短信");
        assert_eq!(read(&gb18030, Encoding::Gb18030), "😀 短信");
        // A byte-order mark wins over the flag.
        assert_eq!(read("\u{feff}短信".as_bytes(), Encoding::Gbk), "短信");
    }

    #[test]
    fn utf8_passes_through_untouched() {
        assert_eq!(read("短信".as_bytes(), Encoding::Utf8), "短信");
        let mut bytes = Vec::new();
        decode(&b"caf\xe9"[..], Encoding::Utf8)
            .read_to_end(&mut bytes)
            .unwrap();
        assert_eq!(bytes, b"caf\xe9", "left for the row to be named");
    }

    #[test]
    fn names_are_read() {
        assert_eq!("GBK".parse(), Ok(Encoding::Gbk));
        assert_eq!("utf8".parse(), Ok(Encoding::Utf8));
        assert_eq!("gb18030".parse(), Ok(Encoding::Gb18030));
        let err = "latin1".parse::<Encoding>().unwrap_err();
        assert!(err.to_string().contains("utf-8, gbk or gb18030"));
    }
}
