//! A CSV row of empty cells only (`,,,,`, as a spreadsheet writes a row it left blank) is one
//! finding that says so, rather than one `schema.required` per required field. A line with
//! nothing on it is not a row: every CSV path skips it (as the JSON Lines reader skips a blank
//! line).

use crate::input::csv_records::Record;
use crate::input::message::msg;
use crate::input::{Pos, Problem};

/// A `csv.empty-row` problem when `row` has more than one cell and every one is empty.
pub(crate) fn empty_row(row: &Record<'_>) -> Option<Problem> {
    let empty = row.cells.len() > 1 && row.cells.iter().all(|c| c.value.is_empty() && !c.too_big);
    empty.then(|| {
        Problem::new(
            "csv.empty-row",
            msg!(
                "the row is empty: its {} cells hold nothing; delete the row",
                f(row.cells.len())
            ),
            Pos::new(row.line, 1, row.start, 0),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::csv_records::Reader;

    fn first_row(text: &str) -> Record<'_> {
        let mut reader = Reader::starting_at(text, 0, 1, 1 << 20, 1 << 20);
        reader.next_record(&mut Vec::new()).expect("a row")
    }

    #[test]
    fn only_a_row_of_empty_cells_is_empty() {
        assert_eq!(
            empty_row(&first_row(",,,\n")).unwrap().code,
            "csv.empty-row"
        );
        assert_eq!(
            empty_row(&first_row("\"\",\"\"\n")).unwrap().code,
            "csv.empty-row"
        );
        assert!(empty_row(&first_row(",,x,\n")).is_none());
        assert!(empty_row(&first_row(" , \n")).is_none());
    }
}
