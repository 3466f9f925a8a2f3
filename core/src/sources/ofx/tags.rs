//! The OFX element names the importer knows. OFX 1.x is SGML whose leaf elements are not
//! closed, so the parser must know which names are aggregates (containers) and which are
//! leaves (values); names outside this table are classified by what follows them.
//! Element names in errors come from here, so an error never echoes bytes from the file.

/// Slots in the name table (a power of two, well above the number of names).
const TABLE_SIZE: usize = 512;

/// FNV-1a, enough to spread a hundred short tag names.
fn hash(name: &[u8]) -> u32 {
    name.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

macro_rules! tags {
    ($( $variant:ident = $name:literal, $agg:literal; )*) => {
        /// A known OFX element, or `Unknown`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Tag {
            $( $variant, )*
            /// Any element name not in the table.
            Unknown,
        }

        impl Tag {
            /// Classifies an element name (ASCII case-insensitive).
            pub(crate) fn from_name(name: &[u8]) -> Tag {
                let mut buf = [0u8; 32];
                if name.len() > buf.len() {
                    return Tag::Unknown;
                }
                for (d, s) in buf.iter_mut().zip(name) {
                    *d = s.to_ascii_uppercase();
                }
                let key = buf.get(..name.len()).unwrap_or(&[]);
                let table = Self::table();
                let mut slot = (hash(key) as usize) & (TABLE_SIZE - 1);
                loop {
                    match table.get(slot) {
                        Some(Some((n, t))) if *n == key => return *t,
                        Some(Some(_)) => slot = (slot + 1) & (TABLE_SIZE - 1),
                        _ => return Tag::Unknown,
                    }
                }
            }

            /// Open-addressing table of every known name (upper case) with its tag.
            fn table() -> &'static [Option<(&'static [u8], Tag)>] {
                static TABLE: std::sync::OnceLock<Vec<Option<(&'static [u8], Tag)>>> =
                    std::sync::OnceLock::new();
                TABLE.get_or_init(|| {
                    let mut v: Vec<Option<(&'static [u8], Tag)>> = vec![None; TABLE_SIZE];
                    for (name, tag) in [$( ($name.as_bytes(), Tag::$variant), )*] {
                        let mut slot = (hash(name) as usize) & (TABLE_SIZE - 1);
                        while v.get(slot).is_some_and(Option::is_some) {
                            slot = (slot + 1) & (TABLE_SIZE - 1);
                        }
                        if let Some(cell) = v.get_mut(slot) {
                            *cell = Some((name, tag));
                        }
                    }
                    v
                })
            }

            /// The specification's name of the element (`None` for unknown ones).
            pub(crate) fn name(self) -> Option<&'static str> {
                match self {
                    $( Tag::$variant => Some($name), )*
                    Tag::Unknown => None,
                }
            }

            /// Whether the element is an aggregate (contains elements) rather than a leaf.
            /// `None` for unknown names.
            pub(crate) fn is_aggregate(self) -> Option<bool> {
                match self {
                    $( Tag::$variant => Some($agg), )*
                    Tag::Unknown => None,
                }
            }
        }
    };
}

impl Tag {
    /// The nesting rank of an aggregate in a statement response, for recovering from an
    /// aggregate left unclosed: an aggregate opening at rank `r` closes the open ones of rank
    /// `r` or deeper (a `LEDGERBAL` after a `BANKTRANLIST` without its end tag, a `STMTTRN`
    /// inside an unclosed `STMTTRN`). `None` for `OFX` and for aggregates that nest
    /// differently (account information, closings, investment), which are never closed
    /// implicitly and stop the search.
    pub(crate) fn rank(self) -> Option<u8> {
        Some(match self {
            Tag::SignonMsgs | Tag::BankMsgs | Tag::CcMsgs | Tag::SignupMsgs | Tag::SecListMsgs => 1,
            Tag::Sonrs
            | Tag::StmtTrnrs
            | Tag::CcStmtTrnrs
            | Tag::StmtEndTrnrs
            | Tag::CcStmtEndTrnrs => 2,
            Tag::Status | Tag::Fi | Tag::Stmtrs | Tag::CcStmtrs => 3,
            Tag::BankAcctFrom
            | Tag::CcAcctFrom
            | Tag::BankTranList
            | Tag::LedgerBal
            | Tag::AvailBal
            | Tag::BalList => 4,
            Tag::StmtTrn | Tag::Bal => 5,
            Tag::Payee
            | Tag::Currency
            | Tag::OrigCurrency
            | Tag::BankAcctTo
            | Tag::CcAcctTo
            | Tag::ImageData => 6,
            _ => return None,
        })
    }
}

tags! {
    Ofx = "OFX", true;
    SignonMsgs = "SIGNONMSGSRSV1", true;
    Sonrs = "SONRS", true;
    Status = "STATUS", true;
    Fi = "FI", true;
    BankMsgs = "BANKMSGSRSV1", true;
    StmtTrnrs = "STMTTRNRS", true;
    Stmtrs = "STMTRS", true;
    BankAcctFrom = "BANKACCTFROM", true;
    BankAcctTo = "BANKACCTTO", true;
    BankTranList = "BANKTRANLIST", true;
    StmtTrn = "STMTTRN", true;
    Payee = "PAYEE", true;
    Currency = "CURRENCY", true;
    OrigCurrency = "ORIGCURRENCY", true;
    LedgerBal = "LEDGERBAL", true;
    AvailBal = "AVAILBAL", true;
    BalList = "BALLIST", true;
    Bal = "BAL", true;
    CcMsgs = "CREDITCARDMSGSRSV1", true;
    CcStmtTrnrs = "CCSTMTTRNRS", true;
    CcStmtrs = "CCSTMTRS", true;
    CcAcctFrom = "CCACCTFROM", true;
    CcAcctTo = "CCACCTTO", true;
    InvMsgs = "INVSTMTMSGSRSV1", true;
    InvTrnrs = "INVSTMTTRNRS", true;
    InvStmtrs = "INVSTMTRS", true;
    SignupMsgs = "SIGNUPMSGSRSV1", true;
    AcctInfoTrnrs = "ACCTINFOTRNRS", true;
    AcctInfoRs = "ACCTINFORS", true;
    AcctInfo = "ACCTINFO", true;
    BankAcctInfo = "BANKACCTINFO", true;
    CcAcctInfo = "CCACCTINFO", true;
    InvAcctInfo = "INVACCTINFO", true;
    InvAcctFrom = "INVACCTFROM", true;
    SecListMsgs = "SECLISTMSGSRSV1", true;
    SecList = "SECLIST", true;
    ImageData = "IMAGEDATA", true;
    StmtEndTrnrs = "STMTENDTRNRS", true;
    StmtEndRs = "STMTENDRS", true;
    CcStmtEndTrnrs = "CCSTMTENDTRNRS", true;
    CcStmtEndRs = "CCSTMTENDRS", true;
    Closing = "CLOSING", true;
    Code = "CODE", false;
    Severity = "SEVERITY", false;
    Message = "MESSAGE", false;
    DtServer = "DTSERVER", false;
    Language = "LANGUAGE", false;
    DtProfUp = "DTPROFUP", false;
    DtAcctUp = "DTACCTUP", false;
    Org = "ORG", false;
    Fid = "FID", false;
    TrnUid = "TRNUID", false;
    CltCookie = "CLTCOOKIE", false;
    CurDef = "CURDEF", false;
    BankId = "BANKID", false;
    BranchId = "BRANCHID", false;
    AcctId = "ACCTID", false;
    AcctType = "ACCTTYPE", false;
    AcctKey = "ACCTKEY", false;
    DtStart = "DTSTART", false;
    DtEnd = "DTEND", false;
    TrnType = "TRNTYPE", false;
    DtPosted = "DTPOSTED", false;
    DtUser = "DTUSER", false;
    DtAvail = "DTAVAIL", false;
    TrnAmt = "TRNAMT", false;
    FitId = "FITID", false;
    CorrectFitId = "CORRECTFITID", false;
    CorrectAction = "CORRECTACTION", false;
    SrvrTid = "SRVRTID", false;
    CheckNum = "CHECKNUM", false;
    RefNum = "REFNUM", false;
    Sic = "SIC", false;
    PayeeId = "PAYEEID", false;
    Name = "NAME", false;
    ExtdName = "EXTDNAME", false;
    Memo = "MEMO", false;
    CurRate = "CURRATE", false;
    CurSym = "CURSYM", false;
    BalAmt = "BALAMT", false;
    DtAsOf = "DTASOF", false;
    Desc = "DESC", false;
    BalType = "BALTYPE", false;
    Value = "VALUE", false;
    Addr1 = "ADDR1", false;
    Addr2 = "ADDR2", false;
    Addr3 = "ADDR3", false;
    City = "CITY", false;
    State = "STATE", false;
    PostalCode = "POSTALCODE", false;
    Country = "COUNTRY", false;
    Phone = "PHONE", false;
    MktgInfo = "MKTGINFO", false;
    SupTxDl = "SUPTXDL", false;
    XferSrc = "XFERSRC", false;
    XferDest = "XFERDEST", false;
    SvcStatus = "SVCSTATUS", false;
    BrokerId = "BROKERID", false;
    IntuBid = "INTU.BID", false;
    IntuUserId = "INTU.USERID", false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_names() {
        assert_eq!(Tag::from_name(b"stmttrn"), Tag::StmtTrn);
        assert_eq!(Tag::from_name(b"INTU.BID"), Tag::IntuBid);
        assert_eq!(Tag::from_name(b"WHATEVER"), Tag::Unknown);
        assert_eq!(Tag::from_name(&[b'A'; 40]), Tag::Unknown);
        assert_eq!(Tag::StmtTrn.is_aggregate(), Some(true));
        assert_eq!(Tag::TrnAmt.is_aggregate(), Some(false));
        assert_eq!(Tag::TrnAmt.name(), Some("TRNAMT"));
        assert_eq!(Tag::Unknown.name(), None);
    }
}
