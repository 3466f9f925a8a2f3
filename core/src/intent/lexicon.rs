//! Entity classes for the featuriser: words that name one of an open set of things (card
//! brands, banks, bill types, months, weekdays) also count as their class token, so that a
//! bank or bill the training data never mentioned still looks like "a bank" or "a bill".
//! Only classes of interchangeable names live here, never intent cue words.

/// The class token of a word, if it names an entity of a known class.
pub fn concept(word: &str) -> Option<&'static str> {
    Some(match word {
        "visa" | "mastercard" | "amex" | "discover" | "cc" | "maestro" | "jcb" | "diners" => {
            "#cardbrand"
        }
        "chase" | "citi" | "citibank" | "wells" | "fargo" | "bofa" | "boa" | "usaa" | "pnc"
        | "ally" | "barclays" | "barclaycard" | "hsbc" | "santander" | "schwab" | "truist"
        | "regions" | "synchrony" | "navy" | "suntrust" | "bbva" | "monzo" | "revolut"
        | "chime" | "nationwide" | "lloyds" | "natwest" | "tsb" => "#bank",
        "gas" | "electric" | "electricity" | "water" | "cable" | "internet" | "phone"
        | "cellphone" | "utility" | "utilities" | "power" | "sewer" | "trash" | "heating"
        | "wifi" | "broadband" => "#utility",
        "rent" | "mortgage" | "insurance" | "tuition" | "car" | "loan" | "student" => "#billtype",
        "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august"
        | "september" | "october" | "november" | "december" | "jan" | "feb" | "mar" | "apr"
        | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec" => "#month",
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => {
            "#weekday"
        }
        "dollars" | "dollar" | "bucks" | "usd" | "euros" | "euro" | "pounds" | "cents" => "#money",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(concept("visa"), Some("#cardbrand"));
        assert_eq!(concept("march"), Some("#month"));
        assert_eq!(concept("balance"), None);
    }
}
