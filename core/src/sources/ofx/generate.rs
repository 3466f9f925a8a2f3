//! A deterministic generator of realistic OFX 1.x checking statements, for benchmarks and
//! property tests (not part of the product API).

use crate::money::format_decimal;
use std::fmt::Write as _;

/// Raw names, memos and MCCs, with how many distinct numbers follow the name (0: none). Banks
/// put store numbers and reference numbers in raw names, so a statement has many distinct raw
/// names for few merchants, and an ATM withdrawal's reference is new every time.
const MERCHANTS: &[(&str, &str, u16, u64)] = &[
    (
        "POS DEBIT STARBUCKS STORE ",
        "STARBUCKS SEATTLE WA",
        5814,
        60,
    ),
    ("WHOLEFDS MKT #", "WHOLE FOODS MARKET", 5411, 25),
    ("SHELL OIL ", "FUEL PURCHASE", 5541, 40),
    ("AMAZON MKTPLACE PMTS", "AMZN.COM/BILL WA", 5942, 0),
    ("NETFLIX.COM", "RECURRING PAYMENT", 4899, 0),
    ("CHECKCARD CVS/PHARMACY #", "CVS PHARMACY", 5912, 30),
    ("UBER TRIP HELP.UBER.COM", "UBER", 4121, 0),
    ("PAYROLL ACME CORP", "DIRECT DEPOSIT", 0, 0),
    ("ATM WITHDRAWAL ", "CASH", 6011, 1_000_000),
    ("COMCAST CABLE", "ONLINE PMT", 4899, 0),
];

/// Writes an OFX 1.x (SGML, CRLF) checking statement with `n_txns` transactions whose values
/// follow from `seed`. The ledger balance equals the sum of the amounts.
pub fn generate_ofx(n_txns: usize, seed: u64) -> Vec<u8> {
    let mut rng = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut s = String::with_capacity(300 + n_txns * 330);
    s.push_str(
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n\
         CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
         <OFX>\r\n<SIGNONMSGSRSV1>\r\n<SONRS>\r\n<STATUS>\r\n<CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n\
         <DTSERVER>20260301120000.000[-5:EST]\r\n<LANGUAGE>ENG\r\n<FI>\r\n<ORG>GENBANK\r\n<FID>1234\r\n</FI>\r\n\
         </SONRS>\r\n</SIGNONMSGSRSV1>\r\n<BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n<TRNUID>1\r\n<STATUS>\r\n\
         <CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n<STMTRS>\r\n<CURDEF>USD\r\n<BANKACCTFROM>\r\n\
         <BANKID>021000021\r\n<ACCTID>000123456789\r\n<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n\
         <BANKTRANLIST>\r\n<DTSTART>20200101\r\n<DTEND>20260301\r\n",
    );
    let mut total: i64 = 0;
    let base_day = crate::time::days_from_civil(2020, 1, 1);
    for i in 0..n_txns {
        let r = next();
        let (name, memo, sic, variety) = MERCHANTS
            .get((r % MERCHANTS.len() as u64) as usize)
            .copied()
            .unwrap_or(("X", "Y", 0, 0));
        let number = (variety > 0).then(|| next() % variety);
        let cents = (next() % 25_000) as i64 + 1;
        let amount = if sic == 0 { cents * 40 } else { -cents };
        total += amount;
        let date =
            crate::time::civil_from_days(base_day + (i as i64 * 2191) / n_txns.max(1) as i64);
        let secs = next() % 86_400;
        let _ = write!(
            s,
            "<STMTTRN>\r\n<TRNTYPE>{}\r\n<DTPOSTED>{:04}{:02}{:02}{:02}{:02}{:02}.000[-5:EST]\r\n\
             <DTUSER>{:04}{:02}{:02}\r\n<TRNAMT>{}\r\n<FITID>{}{:08}\r\n<NAME>{}{}\r\n<MEMO>{}\r\n",
            if amount < 0 { "DEBIT" } else { "CREDIT" },
            date.year,
            date.month,
            date.day,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            date.year,
            date.month,
            date.day,
            format_decimal(amount, 2),
            seed % 1000,
            i,
            name,
            number.map(|n| format!("{n:04}")).unwrap_or_default(),
            memo,
        );
        if sic != 0 {
            let _ = write!(s, "<SIC>{sic}\r\n");
        }
        s.push_str("</STMTTRN>\r\n");
    }
    let _ = write!(
        s,
        "</BANKTRANLIST>\r\n<LEDGERBAL>\r\n<BALAMT>{bal}\r\n<DTASOF>20260301120000.000[-5:EST]\r\n</LEDGERBAL>\r\n\
         <AVAILBAL>\r\n<BALAMT>{bal}\r\n<DTASOF>20260301120000.000[-5:EST]\r\n</AVAILBAL>\r\n\
         </STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n",
        bal = format_decimal(total, 2)
    );
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::ofx::import_ofx;

    #[test]
    fn generated_file_imports() {
        let bytes = generate_ofx(500, 7);
        let batch = import_ofx(&bytes).unwrap();
        assert_eq!(batch.transactions.len(), 500);
        let sum: i64 = batch.transactions.iter().map(|t| t.amount).sum();
        assert_eq!(batch.accounts[0].balance.map(|b| b.minor), Some(sum));
        assert_eq!(generate_ofx(10, 3), generate_ofx(10, 3));
    }
}
