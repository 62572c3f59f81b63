// Cache keys that hold no credential (concerns/answers.http.conf).
//
// nginx writes a cache entry's key in clear at the head of its file. The keys of our caches are
// made of what decides the answer, and that includes the subscriber's token or, in an Xtream Codes
// request line, the password. So the key is an HMAC-SHA256 of those parts under this install's
// internal secret: the same parts give the same key, and a cache file says nothing of them.
// Each key names its purpose first, so keys of different caches never meet.

const crypto = require('crypto');

function digest(r, purpose, parts) {
    return crypto.createHmac('sha256', r.variables.iptv_cache_key_secret)
        .update(purpose + '\n' + parts.join('\n'))
        .digest('hex');
}

// A request line as the player sent it, with the host and scheme the app builds URLs from: the
// grants of rendered answers, the redirects of XC stream URLs.
function requestKey(r) {
    const v = r.variables;
    return digest(r, 'request', [v.scheme, v.http_host || '', v.request_uri]);
}

export default { requestKey };
