//! Failures on demand, for testing what a client does when the platform misbehaves.

use std::collections::VecDeque;
use std::time::Duration;

/// A misbehaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait this long, then handle the request normally.
    Delay(Duration),
    /// Close the connection without answering. The request has no effect.
    Drop,
    /// Answer this HTTP status (e.g. 503) with a plain-text body. No effect.
    Status(u16),
    /// Answer `-104 请求频率过高`. No effect.
    RateLimit,
    /// Handle the request (its side effects happen), then wait this long before answering:
    /// a client with a shorter timeout sees no answer to a request that took effect.
    AnswerAfter(Duration),
}

/// A fault for the next `times` requests, optionally only those to one url.
#[derive(Debug, Clone)]
pub struct FaultRule {
    pub(crate) fault: Fault,
    pub(crate) url: Option<String>,
    pub(crate) remaining: usize,
}

impl FaultRule {
    /// The fault, once, for any request.
    pub fn new(fault: Fault) -> Self {
        Self {
            fault,
            url: None,
            remaining: 1,
        }
    }

    /// Only for requests to this url, e.g. `TemplateSMS.wx`.
    pub fn on_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// For this many matching requests. Default: 1.
    pub fn times(mut self, times: usize) -> Self {
        self.remaining = times;
        self
    }
}

/// Pending rules, first match wins.
#[derive(Debug, Default)]
pub(crate) struct Faults(VecDeque<FaultRule>);

impl Faults {
    pub(crate) fn push(&mut self, rule: FaultRule) {
        if rule.remaining > 0 {
            self.0.push_back(rule);
        }
    }

    /// The pending rules, first match first.
    pub(crate) fn pending(&self) -> Vec<FaultRule> {
        self.0.iter().cloned().collect()
    }

    /// Whether no rule is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Takes one use of the first rule matching `url`.
    pub(crate) fn take(&mut self, url: &str) -> Option<Fault> {
        let index = self
            .0
            .iter()
            .position(|rule| rule.url.as_deref().is_none_or(|u| u == url))?;
        let rule = &mut self.0[index];
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        if rule.remaining == 0 {
            self.0.remove(index);
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_by_url_and_run_out() {
        let mut faults = Faults::default();
        faults.push(
            FaultRule::new(Fault::Drop)
                .on_url("TemplateSMS.wx")
                .times(2),
        );
        assert_eq!(faults.take("MeetingQuery.wx"), None);
        assert_eq!(faults.take("TemplateSMS.wx"), Some(Fault::Drop));
        assert_eq!(faults.take("TemplateSMS.wx"), Some(Fault::Drop));
        assert_eq!(faults.take("TemplateSMS.wx"), None);
    }
}
