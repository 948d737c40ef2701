//! The client's address behind load balancers.
//!
//! Rate limits (sign-in failures, registrations, reset links) and logs key on the client's
//! address. Behind a load balancer every request comes from the balancer, so its
//! `X-Forwarded-For` header says who the client was; but any client can send that header, so it
//! is believed only from the proxies the operator names (`--trusted-proxies`), and read from the
//! right: the first address no trusted proxy stands for is the client.

use axum::http::HeaderMap;
use std::net::IpAddr;
use std::str::FromStr;

/// Addresses and networks (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`) whose
/// `X-Forwarded-For` is believed. Empty (the default): the header is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_matches(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_matches(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

/// An IPv4 address that arrived as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_matches(net: &[u8], ip: &[u8], prefix: u8) -> bool {
    let whole = usize::from(prefix / 8);
    let rest = prefix % 8;
    if net[..whole] != ip[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        net[whole] & mask == ip[whole] & mask
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list of addresses and networks.
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(parse_network)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }
}

fn parse_network(text: &str) -> Result<Network, String> {
    let invalid = || format!("`{text}` is not an IP address or network such as 10.0.0.0/8");
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let address = canonical(IpAddr::from_str(address).map_err(|_| invalid())?);
    let max = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(prefix) => prefix
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= max)
            .ok_or_else(invalid)?,
        None => max,
    };
    Ok(Network { address, prefix })
}

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(ip))
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then, walking
    /// `X-Forwarded-For` from the right, the first address that is not a trusted proxy. A
    /// malformed entry ends the walk at the last address known good.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Ok(address) = IpAddr::from_str(hop.trim()) else {
                break;
            };
            client = canonical(address);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let headers = forwarded(&["1.2.3.4"]);
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &headers),
            ip("203.0.113.9")
        );
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.1"), &headers), ip("10.0.0.1"));
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        let proxies: TrustedProxies = "10.0.0.0/8, 192.168.1.7".parse().unwrap();
        // The client forged the first entry; the balancer appended the real address.
        let headers = forwarded(&["6.6.6.6, 198.51.100.4", "192.168.1.7"]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &headers), ip("198.51.100.4"));
    }

    #[test]
    fn malformed_or_missing_hops_stop_at_the_last_good_address() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &forwarded(&["nonsense, 10.0.0.3"])),
            ip("10.0.0.3")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn networks_match_by_prefix_and_mapped_ipv4_is_ipv4() {
        let proxies: TrustedProxies = "172.16.0.0/12,2001:db8::/32".parse().unwrap();
        assert!(proxies.trusts(ip("172.31.255.255")));
        assert!(!proxies.trusts(ip("172.32.0.0")));
        assert!(proxies.trusts(ip("::ffff:172.16.0.1")));
        assert!(proxies.trusts(ip("2001:db8:ffff::1")));
        assert!(!proxies.trusts(ip("2001:db9::1")));
    }

    #[test]
    fn bad_lists_are_refused_with_the_entry() {
        let error = "10.0.0.0/33".parse::<TrustedProxies>().unwrap_err();
        assert!(error.contains("10.0.0.0/33"), "{error}");
        assert!("proxy.example".parse::<TrustedProxies>().is_err());
        assert_eq!("".parse::<TrustedProxies>(), Ok(TrustedProxies::default()));
    }
}
