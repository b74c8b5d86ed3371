//! Closed lists of words a person types or picks: a role, a channel kind, a delivery
//! method and destination, a defect reason. Each type keeps its one list beside itself;
//! the command line's parsing and its "one of" message, and the terminal UI's pickers,
//! all read that list.

/// A value named by one word from a fixed list.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the order they are offered.
    fn all() -> &'static [Self];
    /// The word for the value, as typed and stored.
    fn word(self) -> &'static str;
    /// The value a typed word names, with the type's own tolerance (case, `-`, aliases).
    fn from_word(s: &str) -> Option<Self>;
    /// The words of every value, in order: what a picker offers, what a bad word is told.
    fn words() -> Vec<String> {
        Self::all().iter().map(|c| c.word().to_string()).collect()
    }
    /// The value a word names, or the list of words that name one.
    fn choose(s: &str) -> Result<Self, NotOneOf> {
        Self::from_word(s).ok_or_else(|| NotOneOf {
            options: Self::words(),
        })
    }
}

/// A word that names no value of its list; `options` are the words that do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOneOf {
    pub options: Vec<String>,
}

/// `Choice` for a type with `ALL`, `as_str` and `parse`, and `FromStr` through it.
macro_rules! choice {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::domain::choice::Choice for $t {
            fn all() -> &'static [Self] {
                &<$t>::ALL
            }
            fn word(self) -> &'static str {
                self.as_str()
            }
            fn from_word(s: &str) -> Option<Self> {
                <$t>::parse(s)
            }
        }
        impl std::str::FromStr for $t {
            type Err = $crate::domain::choice::NotOneOf;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t as $crate::domain::choice::Choice>::choose(s)
            }
        }
    )*};
}

choice!(
    super::types::Role,
    super::types::ChannelKind,
    super::types::DeliveryMethod,
    super::types::Destination,
    super::movement::DefectReason,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChannelKind, DefectReason, DeliveryMethod, Destination, Role};

    fn round_trips<T: Choice + PartialEq + std::fmt::Debug>() {
        for v in T::all() {
            assert_eq!(T::from_word(v.word()), Some(*v));
            assert_eq!(T::choose(&v.word().to_uppercase()), Ok(*v));
        }
        let bad = T::choose("no such word").unwrap_err();
        assert_eq!(bad.options, T::words());
        assert_eq!(bad.options.len(), T::all().len());
    }

    #[test]
    fn every_word_names_its_value_and_a_bad_one_lists_them_all() {
        round_trips::<Role>();
        round_trips::<ChannelKind>();
        round_trips::<DeliveryMethod>();
        round_trips::<Destination>();
        round_trips::<DefectReason>();
        assert_eq!(Destination::words(), ["door", "pickup_point"]);
        assert_eq!("pvz".parse::<Destination>(), Ok(Destination::PickupPoint));
        assert_eq!(" Owner ".parse::<Role>(), Ok(Role::Owner));
        assert_eq!(
            "shipping-damage".parse::<DefectReason>(),
            Ok(DefectReason::ShippingDamage)
        );
    }
}
