//! Messages built from a template with value slots, so that `--hide-values` hides every value
//! of the input and nothing else: each part of a message is either fixed text of the
//! validator (words, field and table names, limits) or a value read from the input (a cell, an
//! id, a date, a count, a key, an excerpt). A message is rendered either with its values or
//! with [`HIDDEN`] in their place; no text is searched for values after the fact.

use std::fmt;

/// What a value slot shows when values are hidden.
pub const HIDDEN: &str = "<hidden>";

/// A message for a person: fixed text with value slots (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message(Box<Parts>);

/// The parts of a [`Message`], behind one pointer so problems stay small.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Parts {
    text: String,
    /// Byte ranges of `text` that hold values from the input, in order, not overlapping.
    values: Vec<(usize, usize)>,
}

impl Message {
    /// A message of fixed text only (no value of the input in it).
    pub fn fixed(text: impl Into<String>) -> Message {
        Message(Box::new(Parts {
            text: text.into(),
            values: Vec::new(),
        }))
    }

    /// A message that is one value of the input.
    pub fn value(text: impl fmt::Display) -> Message {
        let mut m = Message::default();
        m.push_value(text);
        m
    }

    /// Appends fixed text.
    pub fn push_fixed(&mut self, text: &str) -> &mut Message {
        self.0.text.push_str(text);
        self
    }

    /// Appends a value of the input.
    pub fn push_value(&mut self, value: impl fmt::Display) -> &mut Message {
        let parts = &mut *self.0;
        let start = parts.text.len();
        use fmt::Write;
        let _ = write!(parts.text, "{value}");
        if parts.text.len() > start {
            parts.values.push((start, parts.text.len()));
        }
        self
    }

    /// Appends another message, its values still values.
    pub fn push_message(&mut self, other: &Message) -> &mut Message {
        let parts = &mut *self.0;
        let base = parts.text.len();
        parts.text.push_str(&other.0.text);
        parts
            .values
            .extend(other.0.values.iter().map(|(s, e)| (s + base, e + base)));
        self
    }

    /// Whether any part of the message is a value of the input.
    pub fn has_values(&self) -> bool {
        !self.0.values.is_empty()
    }

    /// The message with its values, or, when `hide`, with [`HIDDEN`] in place of each value.
    pub fn render(&self, hide: bool) -> String {
        let Parts { text, values } = &*self.0;
        if !hide || values.is_empty() {
            return text.clone();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for &(start, end) in values {
            out.push_str(text.get(at..start).unwrap_or(""));
            out.push_str(HIDDEN);
            at = end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        out
    }

    /// The message with its values (as [`fmt::Display`] gives).
    pub fn as_str(&self) -> &str {
        &self.0.text
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text)
    }
}

impl From<&'static str> for Message {
    fn from(text: &'static str) -> Message {
        Message::fixed(text)
    }
}

/// Builds a [`Message`] from a template whose `{}` slots are filled in order by `v(expr)` (a
/// value of the input, hidden under `--hide-values`) or `f(expr)` (fixed text of the
/// validator: a field or table name, a limit) or `m(expr)` (another [`Message`], its values
/// still values). The template is checked against its arguments
/// as `format!` would check it; `{{` and `}}` stand for braces. A template has only `{}`
/// slots, never `{name}`.
macro_rules! msg {
    ($template:literal $(, $kind:ident($arg:expr))* $(,)?) => {{
        #[allow(unreachable_code, clippy::diverging_sub_expression)]
        if false {
            let _ = format!($template $(, &$arg)*);
        }
        let mut m = $crate::input::Message::default();
        #[allow(unused_mut)]
        let mut rest: &str = $template;
        $(
            let (head, tail) = rest.split_once("{}").unwrap_or((rest, ""));
            m.push_fixed(&head.replace("{{", "{").replace("}}", "}"));
            $crate::input::message::msg!(@$kind m, $arg);
            rest = tail;
        )*
        m.push_fixed(&rest.replace("{{", "{").replace("}}", "}"));
        m
    }};
    (@v $m:ident, $arg:expr) => {
        $m.push_value(&$arg)
    };
    (@f $m:ident, $arg:expr) => {
        $m.push_fixed(&$arg.to_string())
    };
    (@m $m:ident, $arg:expr) => {
        $m.push_message(&$arg)
    };
}
pub(crate) use msg;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_hidden_and_fixed_words_kept() {
        let role = "head";
        let m = msg!(
            "the `{}` member of `{}` is not its {}",
            v(role),
            v("del-x"),
            f("head")
        );
        assert_eq!(
            m.render(false),
            "the `head` member of `del-x` is not its head"
        );
        assert_eq!(
            m.render(true),
            "the `<hidden>` member of `<hidden>` is not its head"
        );
        let braces = msg!(
            "expected `,` or `}}` in {}, found {}",
            f("the object"),
            v('x')
        );
        assert_eq!(
            braces.render(true),
            "expected `,` or `}` in the object, found <hidden>"
        );
        assert!(!Message::from("fixed").has_values());
    }
}
