//! Reason codes: why a transaction looked suspicious, as a stable code plus a short human
//! explanation. Explanations are fixed templates without amounts or merchant names, so they can
//! be shown (or logged) without leaking the user's data; a host that wants to name the merchant
//! renders it itself from its own copy of the transaction.

/// One reason a transaction or an episode was flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// The amount is unusually large for this person in this kind of spending.
    UnusualAmount,
    /// A merchant this card has never paid before.
    NewMerchant,
    /// A kind of spending this person rarely or never does.
    UnusualCategory,
    /// A card-not-present payment located far from home.
    FarFromHome,
    /// Two card-present payments too far apart for the time between them.
    ImpossibleTravel,
    /// Many payments, or a large total, in a short time.
    Velocity,
    /// A burst of tiny charges, the usual way stolen card numbers are tested.
    CardTesting,
    /// The same amount at the same merchant shortly after a previous charge.
    DuplicateCharge,
    /// A time of day at which this person rarely pays.
    UnusualHour,
    /// A merchant category with high fraud risk (quasi-cash, gift cards, gambling, transfers).
    HighRiskMerchant,
    /// A recurring (about monthly) charge that went up.
    RecurringIncrease,
    /// A free or tiny trial charge followed by a paid charge at the same merchant.
    TrialToPaid,
    /// The pattern as a whole scored high although no single rule explains it.
    UnusualPattern,
    /// A card-present payment far from every place this person usually pays at.
    UnusualPlace,
}

impl Reason {
    /// Every reason, in code order.
    pub const ALL: [Reason; 14] = [
        Reason::UnusualAmount,
        Reason::NewMerchant,
        Reason::UnusualCategory,
        Reason::FarFromHome,
        Reason::ImpossibleTravel,
        Reason::Velocity,
        Reason::CardTesting,
        Reason::DuplicateCharge,
        Reason::UnusualHour,
        Reason::HighRiskMerchant,
        Reason::RecurringIncrease,
        Reason::TrialToPaid,
        Reason::UnusualPattern,
        Reason::UnusualPlace,
    ];

    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::UnusualAmount => "unusual_amount",
            Reason::NewMerchant => "new_merchant",
            Reason::UnusualCategory => "unusual_category",
            Reason::FarFromHome => "far_from_home",
            Reason::ImpossibleTravel => "impossible_travel",
            Reason::Velocity => "velocity",
            Reason::CardTesting => "card_testing",
            Reason::DuplicateCharge => "duplicate_charge",
            Reason::UnusualHour => "unusual_hour",
            Reason::HighRiskMerchant => "high_risk_merchant",
            Reason::RecurringIncrease => "recurring_increase",
            Reason::TrialToPaid => "trial_to_paid",
            Reason::UnusualPattern => "unusual_pattern",
            Reason::UnusualPlace => "unusual_place",
        }
    }

    /// A short explanation for the user. Contains no amount and no merchant name.
    pub fn explanation(&self) -> &'static str {
        match self {
            Reason::UnusualAmount => "The amount is much larger than you usually spend on this.",
            Reason::NewMerchant => "You have not paid this merchant before.",
            Reason::UnusualCategory => "You rarely spend on this kind of thing.",
            Reason::FarFromHome => "An online payment located far from your home.",
            Reason::ImpossibleTravel => {
                "Two in-person payments too far apart for the time between them."
            }
            Reason::Velocity => "Many payments in a short time.",
            Reason::CardTesting => "Several tiny charges in a row, a common test of a stolen card.",
            Reason::DuplicateCharge => "The same amount at the same merchant again shortly after.",
            Reason::UnusualHour => "A time of day when you rarely pay.",
            Reason::HighRiskMerchant => "A kind of merchant often used to cash out stolen cards.",
            Reason::RecurringIncrease => "A regular monthly charge went up.",
            Reason::TrialToPaid => "A free or tiny trial charge turned into a paid one.",
            Reason::UnusualPattern => "This payment does not look like your usual spending.",
            Reason::UnusualPlace => {
                "A payment in person far from the places where you usually pay."
            }
        }
    }

    /// Bit in a [`ReasonSet`].
    fn bit(&self) -> u16 {
        1u16 << (*self as u16)
    }
}

/// A small set of reasons stored as a bit mask (two bytes in the card state).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReasonSet(pub(crate) u16);

impl ReasonSet {
    /// Bits that map to a reason; anything else is invalid in stored state.
    pub(crate) const MASK: u16 = (1u16 << Reason::ALL.len()) - 1;

    /// The empty set.
    pub fn new() -> ReasonSet {
        ReasonSet(0)
    }

    /// Adds a reason.
    pub fn insert(&mut self, r: Reason) {
        self.0 |= r.bit();
    }

    /// Whether the set holds `r`.
    pub fn contains(&self, r: Reason) -> bool {
        self.0 & r.bit() != 0
    }

    /// Adds every reason of `other`.
    pub fn extend(&mut self, other: ReasonSet) {
        self.0 |= other.0;
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The reasons, in code order.
    pub fn to_vec(self) -> Vec<Reason> {
        Reason::ALL
            .iter()
            .copied()
            .filter(|r| self.contains(*r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_unique_and_explanations_short() {
        let mut codes: Vec<_> = Reason::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Reason::ALL.len());
        for r in Reason::ALL {
            assert!(r.explanation().len() < 100);
            assert!(!r.explanation().contains('$'));
        }
    }

    #[test]
    fn set_roundtrip() {
        let mut s = ReasonSet::new();
        assert!(s.is_empty());
        s.insert(Reason::CardTesting);
        s.insert(Reason::TrialToPaid);
        assert_eq!(s.to_vec(), vec![Reason::CardTesting, Reason::TrialToPaid]);
        assert_eq!(s.0 & !ReasonSet::MASK, 0);
    }
}
