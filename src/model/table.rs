//! [`Table`]: a map kept as a Vec sorted by key, for the handful to dozens of entries the wire
//! readers and the load build. Same order, lookups and equality as a `BTreeMap`, without its
//! node machinery, which the wasm would carry once per key/value type (~20 KB raw in all).

use std::borrow::Borrow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> Table<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Adds or replaces; the old value, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Adds `key` with `make()` unless it is there already.
    pub fn insert_missing(&mut self, key: K, make: impl FnOnce() -> V) {
        if let Err(i) = self.find(&key) {
            self.entries.insert(i, (key, make()));
        }
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries by key, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Table<K, V> {
    /// A later equal key wins, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut t = Table::new();
        for (k, v) in iter {
            t.insert(k, v);
        }
        t
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Table<K, V> {
    type Output = V;
    /// The value at `key`; panics when it is missing, as a `BTreeMap` does.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key")
    }
}

impl<K: Ord, V> Extend<(K, V)> for Table<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V> IntoIterator for &'a Table<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K, V> IntoIterator for Table<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::Table;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btreemap() {
        let ops = [
            (5, "e"),
            (1, "a"),
            (3, "c"),
            (1, "A"),
            (9, "i"),
            (3, "C"),
            (0, "z"),
        ];
        let mut t = Table::new();
        let mut b = BTreeMap::new();
        for (k, v) in ops {
            assert_eq!(t.insert(k, v), b.insert(k, v));
            assert_eq!(t.len(), b.len());
        }
        assert_eq!(t.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        for k in 0..11 {
            assert_eq!(t.get(&k), b.get(&k));
            assert_eq!(t.contains_key(&k), b.contains_key(&k));
        }
        let again: Table<_, _> = b.clone().into_iter().rev().collect();
        assert_eq!(again, t, "equal whatever the insertion order");
        let mut more = t.clone();
        more.insert_missing(1, || "not this");
        more.insert_missing(4, || "d");
        more.extend([(7, "g"), (9, "I")]);
        let mut bm = b.clone();
        bm.entry(1).or_insert("not this");
        bm.entry(4).or_insert("d");
        bm.extend([(7, "g"), (9, "I")]);
        assert_eq!(
            (&more).into_iter().collect::<Vec<_>>(),
            bm.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            t.into_iter().collect::<Vec<_>>(),
            b.into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn looks_up_string_keys_by_str() {
        let t: Table<String, u8> = [("b".to_string(), 2), ("a".to_string(), 1)]
            .into_iter()
            .collect();
        assert_eq!(t.get("a"), Some(&1));
        assert_eq!(t.keys().map(String::as_str).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(t.values().copied().collect::<Vec<_>>(), [1, 2]);
        assert!(!t.is_empty() && Table::<u8, u8>::new().is_empty());
    }
}
