import Foundation

/// Three firms in a small chain: an automaker (core), its parts supplier, a logistics firm.
enum SmallRegion {
    static let automaker = "91500112MA5U00001H"
    static let supplier = "91500112MA5U00002L"
    static let logistics = "91500103MA5U00003N"

    static let firms = """
        uscc,name,industry,region,founded_on,core
        \(automaker),重庆甲汽车有限公司,C3611,500112002,2010-05-01,1
        \(supplier),重庆乙汽车零部件有限公司,C3670,500112004,2015-01-01,0
        \(logistics),"重庆丙物流有限公司",G5431,500103001,2018-03-03,0

        """

    static let accounts = """
        bank_code,account_no,uscc,opened_on,currency
        ICBC,6222000000000001,\(automaker),2010-06-01,CNY
        CCB,6227000000000002,\(supplier),2015-02-01,CNY
        CQRCB,6230000000000003,\(logistics),2018-04-01,CNY
        CQCB,6231000000000004,\(supplier),2016-02-01,CNY

        """

    static let header =
        "bank_code,account_no,txn_ref,booked_at,direction,amount,currency,counterparty_account,counterparty_name,counterparty_bank,purpose\n"

    /// Both sides of two covered transfers, an internal transfer, and outside-world flows.
    static let transactions =
        header + """
            ICBC,6222000000000001,I1,2025-01-05,D,1000.00,CNY,6227000000000002,乙,CCB,货款
            CCB,6227000000000002,C1,2025-01-05,C,1000.00,CNY,6222000000000001,甲,ICBC,货款
            CCB,6227000000000002,C2,2025-02-10,D,300.50,CNY,6230000000000003,丙,CQRCB,运费
            CQRCB,6230000000000003,R1,2025-02-11,C,300.50,CNY,6227000000000002,乙,CCB,运费
            ICBC,6222000000000001,I2,2025-02-11,C,5000,CNY,9999000011112222,消费者,BOC,销售
            CCB,6227000000000002,C3,2025-03-01,D,200.00,CNY,6231000000000004,乙,CQCB,内部调拨
            CQCB,6231000000000004,Q1,2025-03-01,C,200.00,CNY,6227000000000002,乙,CCB,内部调拨
            CQRCB,6230000000000003,R2,2025-03-31,D,80.25,CNY,1111222233334444,国家税务总局,PBOC,税款

            """
}
