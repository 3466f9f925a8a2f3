//! The fixed label set of the chat intent classifier.
//!
//! The 30 banking and credit-card intents of CLINC150 plus `oos` (anything else). The order of
//! [`Intent::ALL`] is the class order of the model file, so it must never change without a
//! model format version bump.

use std::fmt;

macro_rules! intents {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        /// What the user wants, as far as the on-device classifier can tell.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Intent {
            $( $(#[$doc])* $variant, )*
        }

        impl Intent {
            /// Every intent, in model class order (`Oos` last).
            pub const ALL: [Intent; intents!(@count $($variant)*)] = [ $( Intent::$variant, )* ];

            /// Stable snake_case label, as in the training data.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( Intent::$variant => $name, )*
                }
            }

            /// Inverse of [`Intent::as_str`].
            pub fn parse(s: &str) -> Option<Intent> {
                match s {
                    $( $name => Some(Intent::$variant), )*
                    _ => None,
                }
            }
        }
    };
    (@count) => { 0usize };
    (@count $head:ident $($tail:ident)*) => { 1usize + intents!(@count $($tail)*) };
}

intents! {
    /// "Why is my account frozen?"
    AccountBlocked => "account_blocked",
    /// Status of a card or account application.
    ApplicationStatus => "application_status",
    /// A card's APR.
    Apr => "apr",
    /// An account balance.
    Balance => "balance",
    /// The balance owed on a bill.
    BillBalance => "bill_balance",
    /// When a bill is due.
    BillDue => "bill_due",
    /// Why a card was declined.
    CardDeclined => "card_declined",
    /// A card's credit limit.
    CreditLimit => "credit_limit",
    /// Asking for a higher credit limit.
    CreditLimitChange => "credit_limit_change",
    /// The user's credit score.
    CreditScore => "credit_score",
    /// A damaged card.
    DamagedCard => "damaged_card",
    /// When a card expires.
    ExpirationDate => "expiration_date",
    /// Freezing an account.
    FreezeAccount => "freeze_account",
    /// How to improve a credit score.
    ImproveCreditScore => "improve_credit_score",
    /// An interest rate.
    InterestRate => "interest_rate",
    /// Fees for using a card abroad.
    InternationalFees => "international_fees",
    /// The minimum payment due.
    MinPayment => "min_payment",
    /// Getting a new card.
    NewCard => "new_card",
    /// Ordering cheques.
    OrderChecks => "order_checks",
    /// Paying a bill.
    PayBill => "pay_bill",
    /// Changing a PIN.
    PinChange => "pin_change",
    /// Redeeming rewards points.
    RedeemRewards => "redeem_rewards",
    /// How long a replacement card takes.
    ReplacementCardDuration => "replacement_card_duration",
    /// Reporting fraud.
    ReportFraud => "report_fraud",
    /// Reporting a lost card.
    ReportLostCard => "report_lost_card",
    /// A rewards balance.
    RewardsBalance => "rewards_balance",
    /// A routing number.
    Routing => "routing",
    /// Spending history ("how much did I spend on groceries").
    SpendingHistory => "spending_history",
    /// Recent transactions.
    Transactions => "transactions",
    /// Moving money between accounts.
    Transfer => "transfer",
    /// Out of scope: anything the assistant does not handle.
    Oos => "oos",
}

impl Intent {
    /// Number of classes.
    pub const COUNT: usize = Intent::ALL.len();

    /// Position in [`Intent::ALL`] (the model's class index).
    pub fn index(&self) -> usize {
        Intent::ALL
            .iter()
            .position(|i| i == self)
            .unwrap_or(Intent::COUNT - 1)
    }

    /// Intent for a class index, if in range.
    pub fn from_index(index: usize) -> Option<Intent> {
        Intent::ALL.get(index).copied()
    }

    /// Whether this is a real (in-scope) intent rather than [`Intent::Oos`].
    pub fn is_in_scope(&self) -> bool {
        *self != Intent::Oos
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_one_labels_round_trip() {
        assert_eq!(Intent::COUNT, 31);
        assert_eq!(Intent::ALL[30], Intent::Oos);
        for (i, intent) in Intent::ALL.iter().enumerate() {
            assert_eq!(Intent::parse(intent.as_str()), Some(*intent));
            assert_eq!(intent.index(), i);
            assert_eq!(Intent::from_index(i), Some(*intent));
        }
        assert_eq!(Intent::parse("nope"), None);
        assert_eq!(Intent::from_index(31), None);
    }

    #[test]
    fn matches_reference_label_file_when_available() {
        let Some(root) = std::env::var_os("TACIT_SHARED_DATA") else {
            return;
        };
        let path = std::path::Path::new(&root).join("intents/labels.json");
        let text = std::fs::read_to_string(path).unwrap();
        let labels: Vec<String> = serde_json::from_str(&text).unwrap();
        let ours: Vec<&str> = Intent::ALL.iter().map(|i| i.as_str()).collect();
        assert_eq!(labels, ours);
    }
}
