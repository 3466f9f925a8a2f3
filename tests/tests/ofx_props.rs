//! Property tests of the OFX importer: it never panics, whatever the bytes, and amounts survive
//! a round trip through a generated file exactly.

use proptest::prelude::*;
use tacit_core::money::{format_decimal, Currency};
use tacit_core::sources::ofx::{generate_ofx, import_ofx};

fn statement(curdef: &str, amount: &str) -> Vec<u8> {
    format!(
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS>\
         <CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240101</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1>\
         <STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>{curdef}\
         <BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>\
         <STMTTRN><TRNTYPE>OTHER<DTPOSTED>20240102<TRNAMT>{amount}<FITID>F</STMTTRN>\
         </BANKTRANLIST><LEDGERBAL><BALAMT>{amount}<DTASOF>20240102</LEDGERBAL></STMTRS>\
         </STMTTRNRS></BANKMSGSRSV1></OFX>"
    )
    .into_bytes()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (
            any::<usize>(),
            prop_oneof![
                Just(b'<'),
                Just(b'>'),
                Just(b'/'),
                Just(b'&'),
                Just(b'\r'),
                any::<u8>()
            ]
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..80).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let at = |i: usize, len: usize| i % len;
    match *m {
        Mutation::Flip(i, b) => {
            let i = at(i, bytes.len());
            bytes[i] ^= b;
        }
        Mutation::Insert(i, b) => {
            let i = at(i, bytes.len() + 1);
            bytes.insert(i, b);
        }
        Mutation::Delete(i, n) => {
            let i = at(i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Truncate(i) => {
            let i = at(i, bytes.len());
            bytes.truncate(i);
        }
        Mutation::Duplicate(i, n) => {
            let i = at(i, bytes.len());
            let end = (i + n).min(bytes.len());
            let chunk = bytes[i..end].to_vec();
            bytes.splice(i..i, chunk);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import_ofx(&bytes);
        let mut with_header = b"OFXHEADER:100\r\n\r\n<OFX>".to_vec();
        with_header.extend_from_slice(&bytes);
        let _ = import_ofx(&with_header);
    }

    #[test]
    fn never_panics_on_tag_soup(parts in proptest::collection::vec(prop_oneof![
        Just("<OFX>"), Just("</OFX>"), Just("<STMTRS>"), Just("</STMTRS>"), Just("<CCSTMTRS>"),
        Just("<STMTTRN>"), Just("</STMTTRN>"), Just("<TRNAMT>"), Just("-1.5"), Just("<FITID>"),
        Just("x"), Just("<DTPOSTED>"), Just("20240101"), Just("<BANKACCTFROM>"), Just("<ACCTID>"),
        Just("</BANKACCTFROM>"), Just("<LEDGERBAL>"), Just("<BALAMT>"), Just("<DTASOF>"),
        Just("<STATUS>"), Just("<CODE>"), Just("1"), Just("<SEVERITY>"), Just("ERROR"),
        Just("</STATUS>"), Just("<SONRS>"), Just("<STMTTRNRS>"), Just("</STMTTRNRS>"),
        Just("<CORRECTACTION>"), Just("DELETE"), Just("<CORRECTFITID>"), Just("<X/>"), Just("&amp;"),
        Just("\r"), Just("<![CDATA["), Just("<?x?>"),
    ], 0..80)) {
        let _ = import_ofx(parts.concat().as_bytes());
    }

    #[test]
    fn never_panics_on_mutated_statements(
        seed in any::<u64>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = generate_ofx(4, seed);
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let _ = import_ofx(&bytes);
    }

    #[test]
    fn amounts_round_trip_exactly(
        minor in -(i64::MAX / 100)..(i64::MAX / 100),
        currency in prop_oneof![Just("USD"), Just("JPY"), Just("KWD"), Just("EUR")],
        comma in any::<bool>(),
    ) {
        let exp = Currency::parse(currency).unwrap().exponent();
        let mut text = format_decimal(minor, exp);
        if comma {
            text = text.replace('.', ",");
        }
        let batch = import_ofx(&statement(currency, &text)).unwrap();
        prop_assert_eq!(batch.transactions[0].amount, minor);
        prop_assert_eq!(batch.accounts[0].balance.map(|b| b.minor), Some(minor));
    }
}
