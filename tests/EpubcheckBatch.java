// Runs EPUBCheck on many EPUBs in one JVM (starting Java costs seconds; checking a book costs less).
// Usage: java -cp epubcheck.jar EpubcheckBatch.java BOOK.epub REPORT.json [BOOK2.epub REPORT2.json ...]
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "-q"});
        }
    }
}
