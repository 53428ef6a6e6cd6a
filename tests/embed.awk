# Turn shell scripts into C strings: shell/mcd.bash -> const char mcd_script_bash[].
# Escapes character by character: gsub's handling of backslashes differs
# between awk implementations.
FNR == 1 {
	if (name != "") print ";";
	name = FILENAME; sub(/.*\./, "", name);
	print "const char mcd_script_" name "[] =";
	n++;
}
{
	out = "";
	for (i = 1; i <= length($0); i++) {
		c = substr($0, i, 1);
		if (c == "\\" || c == "\"") out = out "\\" c;
		else out = out c;
	}
	print "\t\"" out "\\n\"";
}
END { if (n) print ";"; }
