package io.mahaksync.simulator.seed;

import java.util.SplittableRandom;

/** Word lists that make generated records look like a small Iranian distributor's books. */
final class PersianWords {

    static final String[] FIRST_NAMES = {"علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "سعید", "حمید", "مریم",
            "فاطمه", "زهرا", "سارا", "نرگس", "لیلا", "مینا", "پریسا", "کاوه", "بابک", "نیلوفر", "شیرین"};
    static final String[] LAST_NAMES = {"محمدی", "حسینی", "احمدی", "رضایی", "کریمی", "موسوی", "جعفری", "صادقی",
            "رحیمی", "کاظمی", "نوری", "طاهری", "قاسمی", "یزدانی", "شریفی", "تهرانی", "اصفهانی", "کرمانی"};
    static final String[][] PROVINCE_CITY = {{"تهران", "تهران"}, {"اصفهان", "اصفهان"}, {"فارس", "شیراز"},
            {"خراسان رضوی", "مشهد"}, {"آذربایجان شرقی", "تبریز"}, {"گیلان", "رشت"}, {"کرمان", "کرمان"},
            {"یزد", "یزد"}, {"مازندران", "ساری"}, {"البرز", "کرج"}};
    static final String[] STREETS = {"خیابان ولیعصر", "خیابان آزادی", "بلوار کشاورز", "خیابان انقلاب",
            "خیابان شریعتی", "بلوار فردوسی", "خیابان امام خمینی", "خیابان حافظ", "بلوار جمهوری"};
    static final String[] PRODUCTS = {"شیر کم‌چرب", "ماست پرچرب", "پنیر سفید", "کره حیوانی", "برنج هاشمی",
            "روغن آفتابگردان", "چای سیاه", "قند حبه", "شکر سفید", "عدس", "لوبیا قرمز", "رب گوجه‌فرنگی",
            "ماکارونی", "آب معدنی", "نوشابه گازدار", "آبمیوه پرتقال", "بیسکویت", "شکلات تلخ", "پسته اکبری",
            "زعفران", "خرما مضافتی", "مایع ظرفشویی", "پودر لباسشویی", "دستمال کاغذی", "صابون"};
    static final String[] SIZES = {"۲۵۰ گرمی", "۵۰۰ گرمی", "۱ کیلویی", "۱ لیتری", "۱.۵ لیتری", "بسته ۶ عددی",
            "۹۰۰ گرمی", "۵ کیلویی"};
    static final String[] CATEGORIES = {"لبنیات", "خواربار", "نوشیدنی", "تنقلات", "خشکبار", "شوینده",
            "بهداشتی", "کنسرو", "ادویه", "کالای اساسی"};
    static final String[] UNITS = {"عدد", "کارتن", "کیلوگرم", "بسته", "لیتر", "جعبه"};
    static final String[] BANKS = {"ملت", "ملی", "صادرات", "تجارت", "سپه", "پاسارگاد", "سامان", "پارسیان",
            "رفاه", "کشاورزی"};
    static final String[] PERSON_GROUPS = {"مشتریان عمده", "مشتریان خرده", "همکاران", "نمایندگان", "فروشگاه‌ها"};
    static final String[] STORES = {"انبار مرکزی", "انبار شماره ۲", "انبار مرجوعی", "انبار فروشگاه"};
    static final String[] ORDER_NOTES = {"تحویل صبح", "تماس قبل از ارسال", "فاکتور رسمی", "", "ارسال با باربری",
            "پرداخت در محل"};

    private PersianWords() {
    }

    static String pick(SplittableRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    /** A string of random decimal digits, e.g. a mobile number tail or an account number. */
    static String digits(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }
}
