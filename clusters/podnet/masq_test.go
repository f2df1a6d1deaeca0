package podnet

import (
	"testing"
)

func TestMasqRestore(t *testing.T) {
	nets := pfx("10.244.0.0/16", "fd00:10:244::/56")
	got := MasqRestore(nets, false)
	want := "*nat\n" +
		":CANARYLAB-MASQ - [0:0]\n" +
		"-A CANARYLAB-MASQ -d 10.244.0.0/16 -j RETURN\n" +
		"-A CANARYLAB-MASQ -s 10.244.0.0/16 -j MASQUERADE\n" +
		"COMMIT\n"
	if got != want {
		t.Errorf("IPv4:\n got %q\nwant %q", got, want)
	}
	got6 := MasqRestore(nets, true)
	want6 := "*nat\n" +
		":CANARYLAB-MASQ - [0:0]\n" +
		"-A CANARYLAB-MASQ -d fd00:10:244::/56 -j RETURN\n" +
		"-A CANARYLAB-MASQ -s fd00:10:244::/56 -j MASQUERADE\n" +
		"COMMIT\n"
	if got6 != want6 {
		t.Errorf("IPv6:\n got %q\nwant %q", got6, want6)
	}
}

func TestIptablesBinary(t *testing.T) {
	cases := []struct {
		ipt  Iptables
		want string
	}{
		{Iptables{}, "iptables-restore"},
		{Iptables{Mode: "nft"}, "iptables-nft-restore"},
		{Iptables{Mode: "legacy", IPv6: true}, "ip6tables-legacy-restore"},
	}
	for _, c := range cases {
		if got := c.ipt.binary("-restore"); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.ipt, got, c.want)
		}
	}
}
