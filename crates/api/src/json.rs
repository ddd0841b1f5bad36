//! JSON for the web app: reading answers and writing requests.
//!
//! The server speaks JSON through serde. The web app reads and writes the same types
//! through [`FromJson`] and [`ToJson`], derived by `arkki-json-derive` from the same
//! `#[serde(...)]` attributes. Serde's derived code is compiled once per type *and* per
//! format and took a third of the app's download; this reader is one small, non-generic
//! piece of code, and each type adds only the matching of its own member names.
//! `tests/json_agreement.rs` checks every type the app exchanges both ways against
//! serde_json. Where the two differ, on input no API answer has:
//! - a struct written as an array is refused here (serde takes it);
//! - a repeated member counts once, the last (serde refuses);
//! - members the type does not know are checked as strictly as the others: a lone
//!   surrogate escape in one, or nesting deeper than 64, is refused (serde skips them);
//! - there are no floating-point types.

use std::collections::BTreeMap;

pub use arkki_json_derive::{FromJson, ToJson};

use crate::wire::WireCode;

/// Deeper nesting than this is refused rather than risking the stack; the API's answers
/// nest a few levels at most.
const MAX_DEPTH: u32 = 64;

/// Why a text is not the JSON of the type asked for. Reading stops at the first problem,
/// so the kind says what that problem was, not whether the rest is well-formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON, or nested deeper than [`MAX_DEPTH`]; the byte offset where reading
    /// stopped.
    Syntax(usize),
    /// JSON, but not the shape the type needs: a missing member, a wrong type, an unknown
    /// code or a number that is not a 64-bit integer.
    Shape,
}

/// A type the app reads from JSON.
pub trait FromJson: Sized {
    /// Reads one value, the reader standing before it.
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError>;

    /// The value of an object member that was left out: `None` when it is required.
    fn absent() -> Option<Self> {
        None
    }
}

/// A type the app writes as JSON.
pub trait ToJson {
    /// Appends the value as compact JSON.
    fn write(&self, out: &mut String);
}

/// Reads `text` as a `T`; nothing but whitespace may follow the value.
pub fn from_json<T: FromJson>(text: &str) -> Result<T, JsonError> {
    let mut reader = Reader::new(text);
    let value = T::read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// Writes `value` as JSON.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write(&mut out);
    out
}

/// A required member's value, or its [`FromJson::absent`] value when it was left out.
pub fn member<T: FromJson>(read: Option<T>) -> Result<T, JsonError> {
    read.or_else(T::absent).ok_or(JsonError::Shape)
}

/// Walks a JSON text once, front to back.
pub struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        }
    }

    /// Checks that only whitespace is left.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(self.syntax())
        }
    }

    fn syntax(&self) -> JsonError {
        JsonError::Syntax(self.at)
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The first byte of the next value, whitespace skipped.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.syntax())
        }
    }

    /// Takes `null` if it comes next.
    pub fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.word("null")?;
        Ok(true)
    }

    fn word(&mut self, word: &str) -> Result<(), JsonError> {
        if !self.bytes[self.at..].starts_with(word.as_bytes()) {
            return Err(self.syntax());
        }
        self.at += word.len();
        Ok(())
    }

    pub fn boolean(&mut self) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b't') => self.word("true").map(|_| true),
            Some(b'f') => self.word("false").map(|_| false),
            _ => Err(self.shape_or_syntax()),
        }
    }

    /// A wrong but well-formed value is a shape problem; anything else is bad JSON.
    fn shape_or_syntax(&mut self) -> JsonError {
        let at = self.at;
        match self.skip() {
            Ok(()) => JsonError::Shape,
            Err(_) => JsonError::Syntax(at),
        }
    }

    /// Reads an object, handing each member's name to `member`, which must read or skip
    /// the value. Non-generic, so every type shares it.
    pub fn object(
        &mut self,
        member: &mut dyn FnMut(&mut Self, &str) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.sequence(b'{', b'}', &mut |reader| {
            if reader.peek() != Some(b'"') {
                return Err(reader.syntax());
            }
            let key = reader.string_body()?;
            reader.expect(b':')?;
            member(reader, &key)
        })
    }

    /// Reads an array, calling `item` for each element, which must read or skip it.
    pub fn array(
        &mut self,
        item: &mut dyn FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.sequence(b'[', b']', item)
    }

    /// `open`, entries separated by commas, `close`; refuses nesting deeper than any
    /// answer has.
    fn sequence(
        &mut self,
        open: u8,
        close: u8,
        entry: &mut dyn FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.peek() != Some(open) {
            return Err(self.shape_or_syntax());
        }
        self.at += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax());
        }
        if !self.eat(close) {
            loop {
                entry(self)?;
                if self.eat(close) {
                    break;
                }
                self.expect(b',')?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Passes over one value of any kind, checking that it is well-formed.
    pub fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'{') => self.object(&mut |reader, _| reader.skip()),
            Some(b'[') => self.array(&mut |reader| reader.skip()),
            Some(b'"') => self.string_body().map(drop),
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') => self.word("null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ => Err(self.syntax()),
        }
    }

    pub fn string(&mut self) -> Result<String, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.shape_or_syntax());
        }
        self.string_body()
    }

    /// A string, the opening quote next. Runs without escapes are copied whole, so a
    /// long terms text costs one copy.
    fn string_body(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The stops are ASCII, so the run ends on a character boundary.
            out.push_str(&self.text[start..self.at]);
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(self.syntax()),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                // A raw control character, or the text ended inside the string.
                _ => return Err(self.syntax()),
            }
        }
    }

    /// `\uXXXX`, the `u` under the cursor; a character outside the basic plane comes as
    /// two escapes in a row (a surrogate pair).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.at..].starts_with(b"\\u") {
                return Err(self.syntax());
            }
            self.at += 1;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.syntax());
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or(self.syntax())
    }

    /// The four hex digits after the `u` under the cursor.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            self.at += 1;
            let digit = self
                .bytes
                .get(self.at)
                .and_then(|&b| (b as char).to_digit(16))
                .ok_or(self.syntax())?;
            code = code * 16 + digit;
        }
        self.at += 1;
        Ok(code)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        self.at - start
    }

    /// A well-formed number; its value if it is an integer that fits 64 bits. The API's
    /// numbers are ids, versions, counts and timestamps, all such integers.
    fn number(&mut self) -> Result<Option<i128>, JsonError> {
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let whole = self.digits();
        if whole == 0 || (whole > 1 && self.bytes[start] == b'0') {
            return Err(self.syntax());
        }
        let mut magnitude = Some(0u64);
        for &digit in &self.bytes[start..self.at] {
            magnitude = magnitude
                .and_then(|m| m.checked_mul(10))
                .and_then(|m| m.checked_add(u64::from(digit - b'0')));
        }
        let mut integer = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.syntax());
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax());
            }
        }
        // serde_json reads `-0` as a float, so no integer member takes it there either.
        let integer = integer && !(negative && magnitude == Some(0));
        Ok(magnitude.filter(|_| integer).map(|m| {
            if negative {
                -i128::from(m)
            } else {
                i128::from(m)
            }
        }))
    }

    /// An integer within `min..=max`.
    pub fn integer(&mut self, min: i128, max: i128) -> Result<i128, JsonError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {}
            _ => return Err(self.shape_or_syntax()),
        }
        self.number()?
            .filter(|value| (min..=max).contains(value))
            .ok_or(JsonError::Shape)
    }
}

/// Writes an object's members, with the commas between them.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// One member. Takes `dyn`, so there is one copy of this for every type.
    pub fn member(&mut self, name: &str, value: &dyn ToJson) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(name, self.out);
        self.out.push(':');
        value.write(self.out);
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xF] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl FromJson for String {
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.string()
    }
}

impl ToJson for String {
    fn write(&self, out: &mut String) {
        write_string(self, out);
    }
}

impl ToJson for str {
    fn write(&self, out: &mut String) {
        write_string(self, out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

impl FromJson for bool {
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.boolean()
    }
}

impl ToJson for bool {
    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integer_json {
    ($($t:ty),+) => {$(
        impl FromJson for $t {
            fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
                let value = reader.integer(<$t>::MIN as i128, <$t>::MAX as i128)?;
                // In range, checked above.
                Ok(value as $t)
            }
        }

        impl ToJson for $t {
            fn write(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )+};
}

integer_json!(u16, i32, i64, u32, u64);

/// `()` is the answer of the endpoints that return nothing: an empty body reads as `null`.
impl FromJson for () {
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.null()? {
            true => Ok(()),
            false => Err(reader.shape_or_syntax()),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.null()? {
            true => Ok(None),
            false => T::read(reader).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, out: &mut String) {
        match self {
            Some(value) => value.write(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut items = Vec::new();
        reader.array(&mut |reader| {
            items.push(T::read(reader)?);
            Ok(())
        })?;
        Ok(items)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write(out);
        }
        out.push(']');
    }
}

/// Maps keyed by a code, such as texts by language.
impl<K: WireCode + Ord, V: FromJson> FromJson for BTreeMap<K, V> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut map = BTreeMap::new();
        reader.object(&mut |reader, key| {
            let key = K::from_wire_code(key).ok_or(JsonError::Shape)?;
            map.insert(key, V::read(reader)?);
            Ok(())
        })?;
        Ok(map)
    }
}

impl<K: WireCode, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        for (key, value) in self {
            object.member(key.wire_code(), value);
        }
        object.end();
    }
}
