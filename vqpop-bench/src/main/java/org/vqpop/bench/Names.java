package org.vqpop.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic user names: a first name, a surname and sometimes a number, so that the
 * seed's {@code domain/<first letter>/<user>} directories are as unevenly filled as in real life.
 * The same seed gives the same names on every machine. The {@code bench/admin} script draws its
 * names the same way (first names and surnames are the lists below).
 */
final class Names {
  private Names() {}

  static final List<String> FIRST = List.of(
      "james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "william",
      "elizabeth", "david", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah",
      "charles", "karen", "christopher", "nancy", "daniel", "lisa", "matthew", "betty", "anthony",
      "margaret", "mark", "sandra", "donald", "ashley", "steven", "kimberly", "paul", "emily",
      "andrew", "donna", "joshua", "michelle", "kenneth", "dorothy", "kevin", "carol", "brian",
      "amanda", "george", "melissa", "edward", "deborah", "ronald", "stephanie", "timothy",
      "rebecca", "jason", "sharon", "jeffrey", "laura", "ryan", "cynthia", "jacob", "kathleen",
      "gary", "amy", "nicholas", "shirley", "eric", "angela", "jonathan", "helen", "stephen",
      "anna", "larry", "brenda", "justin", "pamela", "scott", "nicole", "brandon", "emma",
      "benjamin", "samantha", "samuel", "katherine", "frank", "christine", "gregory", "debra",
      "raymond", "rachel", "alexander", "catherine", "patrick", "carolyn", "jack", "janet",
      "dennis", "ruth", "jerry", "maria", "tyler", "heather", "aaron", "diane", "jose", "virginia",
      "henry", "julie", "adam", "joyce", "douglas", "victoria", "nathan", "olivia", "peter",
      "kelly", "zachary", "christina", "kyle", "lauren", "walter", "joan", "harold", "evelyn",
      "jeremy", "judith", "ethan", "megan", "carl", "cheryl", "keith", "andrea", "roger", "hannah",
      "gerald", "martha", "christian", "jacqueline", "terry", "frances", "sean", "gloria",
      "arthur", "ann", "austin", "teresa", "noah", "kathryn", "lawrence", "sara", "jesse", "janice",
      "joe", "jean", "bryan", "alice", "billy", "madison", "jordan", "doris", "albert", "abigail",
      "dylan", "julia", "bruce", "judy", "willie", "grace", "gabriel", "denise", "alan", "amber",
      "juan", "marilyn", "logan", "beverly", "wayne", "danielle", "ralph", "theresa", "roy",
      "sophia", "eugene", "marie", "randy", "diana", "vincent", "brittany", "russell", "natalie",
      "louis", "isabella", "philip", "charlotte", "bobby", "rose", "johnny", "alexis", "bradley",
      "kayla", "ingrid", "yusuf", "quentin", "xavier", "ursula", "otto", "oliver", "ivan", "zoe",
      "yvonne", "quinn", "fatima", "hiroshi", "lars", "sven", "vera", "wanda", "ulrich");

  static final List<String> LAST = List.of(
      "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
      "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor",
      "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez",
      "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright",
      "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall",
      "rivera", "campbell", "mitchell", "carter", "roberts", "gomez", "phillips", "evans",
      "turner", "diaz", "parker", "cruz", "edwards", "collins", "reyes", "stewart", "morris",
      "morales", "murphy", "cook", "rogers", "gutierrez", "ortiz", "morgan", "cooper", "peterson",
      "bailey", "reed", "kelly", "howard", "ramos", "kim", "cox", "ward", "richardson", "watson",
      "brooks", "chavez", "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes", "price",
      "alvarez", "castillo", "sanders", "patel", "myers", "long", "ross", "foster", "jimenez",
      "muller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz",
      "hoffmann", "dubois", "durand", "lefebvre", "rossi", "russo", "ferrari", "esposito",
      "bianchi", "yamamoto", "tanaka", "watanabe", "suzuki", "ivanov", "petrov", "novak", "horvat",
      "kowalski", "nowak", "jensen", "nielsen", "hansen", "larsen", "andersson", "johansson",
      "virtanen", "korhonen", "silva", "santos", "oliveira", "souza", "costa", "pereira", "okafor",
      "mensah", "zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "xu", "quinn",
      "underwood", "vasquez", "ortega", "ibrahim", "yilmaz", "demir", "kaya");

  /**
   * {@code n} distinct names drawn from {@code seed}: {@code firstlast}, {@code first.last},
   * {@code flast} or {@code first_last}, with a number when the name is taken (as a mail admin would
   * do). With {@code sameLetter}, every name is prefixed with {@code a}, the worst case for the seed's
   * one-letter hash directories.
   */
  static String[] generate(int n, long seed, boolean sameLetter) {
    SplittableRandom r = new SplittableRandom(seed);
    java.util.HashSet<String> seen = new java.util.HashSet<>(n * 2);
    String[] out = new String[n];
    int i = 0;
    while (i < n) {
      String f = FIRST.get(r.nextInt(FIRST.size()));
      String l = LAST.get(r.nextInt(LAST.size()));
      String name = switch (r.nextInt(4)) {
        case 0 -> f + l;
        case 1 -> f + "." + l;
        case 2 -> f.charAt(0) + l;
        default -> f + "_" + l;
      };
      if (sameLetter) {
        name = "a" + name;
      }
      String candidate = name;
      while (!seen.add(candidate)) {
        candidate = name + r.nextInt(1, 10_000);
      }
      out[i++] = candidate;
    }
    return out;
  }

  /** {@code user0 .. user(n-1)}-style keys, as the "user123456". */
  static String[] numbered(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = "user" + i;
    }
    return out;
  }
}
