//! IP networks (`10.0.0.0/8`, or one address), as `NO_PROXY` and the callback receiver's
//! trusted proxies name them.

use std::net::IpAddr;

/// An address and a prefix length: every address whose first `bits` bits are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Network {
    addr: IpAddr,
    bits: u32,
}

impl Network {
    /// `10.0.0.0/8`, `fd00::/8`, or one address (`10.0.0.1`, `::1`); `None` otherwise.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (addr, bits) = match text.split_once('/') {
            Some((addr, bits)) => (addr, Some(bits.parse::<u32>().ok()?)),
            None => (text, None),
        };
        let addr = addr
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .ok()?
            .to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(max);
        (bits <= max).then_some(Self { addr, bits })
    }

    /// Whether `ip` is in the network (an IPv4 address written as IPv6 is the IPv4 one).
    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        match (ip.to_canonical(), self.addr) {
            (IpAddr::V4(ip), IpAddr::V4(network)) => {
                let mask = u32::MAX.checked_shl(32 - self.bits).unwrap_or(0);
                u32::from(ip) & mask == u32::from(network) & mask
            }
            (IpAddr::V6(ip), IpAddr::V6(network)) => {
                let mask = u128::MAX.checked_shl(128 - self.bits).unwrap_or(0);
                u128::from(ip) & mask == u128::from(network) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn networks_hold_their_addresses_only() {
        let eight = Network::parse("10.0.0.0/8").unwrap();
        assert!(eight.contains(ip("10.255.1.2")));
        assert!(!eight.contains(ip("11.0.0.1")));
        assert!(eight.contains(ip("::ffff:10.1.1.1")));
        let one = Network::parse("192.168.1.1").unwrap();
        assert!(one.contains(ip("192.168.1.1")) && !one.contains(ip("192.168.1.2")));
        assert!(Network::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        let v6 = Network::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe12::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        assert!(Network::parse("[::1]").unwrap().contains(ip("::1")));
        for bad in ["10.0.0.0/33", "::/129", "10.0.0.0/x", "host", ""] {
            assert_eq!(Network::parse(bad), None, "{bad}");
        }
    }
}
