# Turn shell scripts into C strings: shell/mcd.bash -> const char mcd_script_bash[]
FNR == 1 {
	if (name != "") print ";";
	name = FILENAME; sub(/.*\./, "", name);
	print "const char mcd_script_" name "[] =";
	n++;
}
{
	gsub(/\\/, "\\\\"); gsub(/"/, "\\\"");
	print "\t\"" $0 "\\n\"";
}
END { if (n) print ";"; }
