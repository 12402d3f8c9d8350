//! A CSV file separated by something other than commas (a spreadsheet export in a locale that
//! writes `;`, or a "text, tab-separated" export) is named as such in one finding, instead of
//! a header that names no field followed by a syntax error for every quoted cell.

use crate::input::csv_records::Record;
use crate::input::message::msg;
use crate::input::{Pos, Problem};
use crate::model::Table;

/// The separators a spreadsheet writes instead of commas, with their names in a message.
const OTHERS: [(char, &str); 3] = [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")];

/// A `csv.delimiter` problem when the header of `table` (read with commas) names none of its
/// fields, but split at another separator names at least two of them; `None` otherwise.
pub(crate) fn sniff(header: &Record<'_>, table: Table, fields: &[String]) -> Option<Problem> {
    let known = |name: &str| fields.iter().any(|f| f == name);
    if header.cells.iter().any(|c| known(&c.value)) {
        return None;
    }
    let (separator, name) = OTHERS.into_iter().find(|(separator, _)| {
        let named = header
            .cells
            .iter()
            .flat_map(|c| c.value.split(*separator))
            .filter(|part| known(part.trim_matches('"')))
            .count();
        named >= 2
    })?;
    let shown = match separator {
        '\t' => "\\t".to_owned(),
        other => other.to_string(),
    };
    let mut p = Problem::new(
        "csv.delimiter",
        msg!(
            "the header of this {} file is separated by {} (`{}`), not commas; the file was not read further",
            f(table),
            f(name),
            f(shown)
        ),
        Pos::new(header.line, 1, header.start, 0),
    );
    p.hint = Some(msg!(
        "save it again as comma-separated CSV (in Excel: \"CSV UTF-8 (Comma delimited)\"; in LibreOffice: field delimiter `,`)"
    ));
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::csv_records::Reader;

    fn header(text: &str) -> Record<'_> {
        let mut reader = Reader::starting_at(text, 0, 1, 1 << 20, 1 << 20);
        reader.next_record(&mut Vec::new()).expect("a header")
    }

    fn fields() -> Vec<String> {
        ["id", "name", "source_id"].map(String::from).to_vec()
    }

    #[test]
    fn semicolons_and_tabs_are_named() {
        let p = sniff(&header("id;name;source_id\n"), Table::Officials, &fields()).unwrap();
        assert_eq!(p.code, "csv.delimiter");
        assert!(p.message.to_string().contains("semicolons (`;`)"));
        let p = sniff(
            &header("id\tname\tsource_id\n"),
            Table::Officials,
            &fields(),
        )
        .unwrap();
        assert!(p.message.to_string().contains("tabs (`\\t`)"));
    }

    #[test]
    fn a_comma_header_or_an_unrelated_one_is_left_to_the_header_checks() {
        assert!(sniff(&header("id,name,source_id\n"), Table::Officials, &fields()).is_none());
        // One field named: a header with a wrong column, not another separator.
        assert!(sniff(&header("id,nmae;x\n"), Table::Officials, &fields()).is_none());
        assert!(sniff(&header("a;b;c\n"), Table::Officials, &fields()).is_none());
    }
}
